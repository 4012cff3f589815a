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

    /// <summary>On some rejections, a <see cref="RejectionCodes"/> value: what clients decide by (the reason is for people).</summary>
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

    public static ActionResult Rejected(long mutationId, string reason) =>
        new() { MutationId = mutationId, Status = ResultStatus.Rejected, Code = 422, Reason = reason };
}

public sealed record ConflictDto(
    string Field,
    object? ServerValue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ServerVersion);

/// <summary>Machine-readable reasons of rejected actions (a result's reasonCode); stable, whatever the words.</summary>
public static class RejectionCodes
{
    /// <summary>The visitor's service (or the service asked for) is closed: no one is registered for it or called from it.
    /// Transfer the visitor to an open service.</summary>
    public const string ServiceClosed = "service-closed";
}

public static class ResultStatus
{
    public const string Applied = "applied";
    public const string Duplicate = "duplicate";
    public const string Conflict = "conflict";
    public const string Rejected = "rejected";
    public const string Deferred = "deferred";

    public static readonly IReadOnlyList<string> All = [Applied, Duplicate, Conflict, Rejected, Deferred];
}
