using System.Text.Json.Serialization;

namespace Reception.Sync.Wire;

public sealed record PushRequest
{
    public string? Branch { get; init; }
    public IReadOnlyList<SyncAction>? Actions { get; init; }

    /// <summary>
    /// The sender's clock when it sent this push (optional). With a callNext's args.queuedAt from
    /// the same clock it tells how long the action waited on the desk, whatever that clock's offset.
    /// </summary>
    public DateTime? SentAt { get; init; }
}

public sealed record PushResponse(IReadOnlyList<ActionResult> Results);

/// <summary>
/// Either the changes after a version, or (for since=0 or a version older than the feed keeps)
/// a snapshot. <see cref="HasMore"/> says another pull from <see cref="ToVersion"/> has more.
/// </summary>
public sealed record PullResponse
{
    public required string Branch { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? FromVersion { get; init; }

    public long ToVersion { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ChangeDto>? Changes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Snapshot? Snapshot { get; init; }

    public IReadOnlyList<NotificationDto> Notifications { get; init; } = [];

    public bool HasMore { get; init; }
}

public sealed record Snapshot(IReadOnlyList<VisitDto> Visits, IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks);

/// <summary>
/// A problem with a request as a whole; transports turn it into RFC 9457 problem details (REST, with
/// <see cref="Code"/> as the problem's type and a "code" member) or a hub error starting "[code]".
/// Clients decide by <see cref="Code"/>; <see cref="Title"/> and <see cref="Detail"/> are for people.
/// </summary>
public sealed record SyncProblem(int Status, string Title, string Detail, string Code)
{
    public static SyncProblem NotFound(string detail) => new(404, "Not Found", detail, ProblemCodes.NotFound);
    public static SyncProblem Forbidden(string detail) => new(403, "Forbidden", detail, ProblemCodes.ForbiddenBranch);
    public static SyncProblem BadRequest(string detail) => new(400, "Bad Request", detail, ProblemCodes.BatchMalformed);
    public static SyncProblem TooLarge(string detail) => new(413, "Content Too Large", detail, ProblemCodes.BatchTooLarge);

    /// <summary>Someone else's clientId: the request is refused as a whole, before anything is touched.</summary>
    public static SyncProblem ClientNotYours(string detail) => new(403, "Forbidden", detail, ProblemCodes.ClientNotYours);
}

/// <summary>The machine-readable codes of refusals; stable, whatever language the words are in.</summary>
public static class ProblemCodes
{
    public const string BatchMalformed = "batch-malformed";
    public const string BatchTooLarge = "batch-too-large";
    public const string NotFound = "not-found";
    public const string ForbiddenBranch = "forbidden-branch";
    public const string ClientNotYours = "client-not-yours";
    public const string Unavailable = "unavailable";

    /// <summary>The problem type URI of a code (relative to the server).</summary>
    public static string TypeOf(string code) => "/problems/" + code;
}

/// <summary>A reply that is either a value or a problem with the request as a whole.</summary>
public sealed record SyncReply<T>(T? Value, SyncProblem? Problem) where T : class
{
    public static implicit operator SyncReply<T>(T value) => new(value, null);
    public static implicit operator SyncReply<T>(SyncProblem problem) => new(null, problem);
}
