using System.Text.Json.Serialization;

namespace Reception.Sync.Wire;

/// <summary>The one result of one action (docs/protocol.md, "Results").</summary>
public sealed record ActionResult
{
    public long MutationId { get; init; }
    public required string Status { get; init; }
    public int Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Version { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VisitDto? Visit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>
    /// The machine-readable code of <see cref="Reason"/> (one of <see cref="ReasonCodes"/>, for
    /// example <c>reinstate-other-day</c>): clients decide by it, and word it from their catalog
    /// (<c>reasons.{code}</c>) with <see cref="ReasonArgs"/>; <see cref="Reason"/> is the sentence for
    /// clients that read no codes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasonCode { get; init; }

    /// <summary>The values the reason's sentence names (name -> text or number), when it needs any.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, object>? ReasonArgs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ConflictDto>? Conflicts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ActionResult? Original { get; init; }

    /// <summary>
    /// On a refusal of the action's mutation id (one that skips ahead, or one already used for
    /// another action): the id the server expects next from this client. Nothing was stored; the
    /// client renumbers its outbox from here.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? ExpectedMutationId { get; init; }

    public static ActionResult Rejected(long mutationId, Reason reason) =>
        new ActionResult { MutationId = mutationId, Status = ResultStatus.Rejected, Code = 422 }.Because(reason);

    /// <summary>This result with <paramref name="reason"/>: its code, its values and its English sentence.</summary>
    public ActionResult Because(Reason? reason) => reason is null
        ? this
        : this with { Reason = reason.English, ReasonCode = reason.Code, ReasonArgs = reason.Args };
}

/// <param name="By">Who made the server's winning change: the login or API client name.</param>
/// <param name="ByDesk">The desk of that login, when it has one ("Desk 1 changed the phone first").</param>
public sealed record ConflictDto(
    string Field,
    object? ServerValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ServerVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? By = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ByDesk = null);

public static class ResultStatus
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Conflict = "conflict";
    public const string Rejected = "rejected";
    public const string Deferred = "deferred";

    public static readonly IReadOnlyList<string> All = [Applied, Duplicate, Conflict, Rejected, Deferred];
}
