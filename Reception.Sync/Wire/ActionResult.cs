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
    /// A machine-readable code of why it was rejected, where a client may act on the kind of
    /// refusal (for example <c>reinstate-other-day</c>); <see cref="Reason"/> is for people.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReasonCode { get; init; }

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

    public static ActionResult Rejected(long mutationId, string reason, string? reasonCode = null) =>
        new() { MutationId = mutationId, Status = ResultStatus.Rejected, Code = 422, Reason = reason, ReasonCode = reasonCode };
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
