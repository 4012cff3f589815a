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

/// <summary>A problem with a request as a whole; transports turn it into RFC 9457 problem details.</summary>
public sealed record SyncProblem(int Status, string Title, string Detail)
{
    public static SyncProblem NotFound(string detail) => new(404, "Not Found", detail);
    public static SyncProblem Forbidden(string detail) => new(403, "Forbidden", detail);
    public static SyncProblem BadRequest(string detail) => new(400, "Bad Request", detail);
    public static SyncProblem TooLarge(string detail) => new(413, "Content Too Large", detail);
}

/// <summary>A reply that is either a value or a problem with the request as a whole.</summary>
public sealed record SyncReply<T>(T? Value, SyncProblem? Problem) where T : class
{
    public static implicit operator SyncReply<T>(T value) => new(value, null);
    public static implicit operator SyncReply<T>(SyncProblem problem) => new(null, problem);
}
