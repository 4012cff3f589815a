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

public sealed record Snapshot(IReadOnlyList<VisitDto> Visits, IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks)
{
    /// <summary>
    /// The branch's closed services. Their waiting visitors stay in <see cref="Visits"/>: desks show
    /// them as "service closed", to be transferred; no one is called from a closed service.
    /// </summary>
    public IReadOnlyList<ServiceDto> ClosedServices { get; init; } = [];
}

/// <summary>
/// A problem with a request as a whole; transports turn it into RFC 9457 problem details (REST, with
/// <see cref="Code"/> as the problem's type and a "code" member) or a hub error starting "[code]".
/// Clients decide by <see cref="Code"/>; <see cref="Title"/> and <see cref="Detail"/> are for people,
/// in English here: REST words them in the caller's language from the codes (<see cref="Why"/>).
/// </summary>
public sealed record SyncProblem(int Status, string Title, string Detail, string Code)
{
    /// <summary>What exactly is wrong, by code, when the detail is one of <see cref="ProblemDetailCodes"/>.</summary>
    public ProblemDetail? Why { get; init; }

    public static SyncProblem NotFound(ProblemDetail why) => new(404, "Not Found", why.English, ProblemCodes.NotFound) { Why = why };

    public static SyncProblem Forbidden(ProblemDetail why, string code = ProblemCodes.ForbiddenBranch) =>
        new(403, "Forbidden", why.English, code) { Why = why };

    public static SyncProblem BadRequest(ProblemDetail why, string code = ProblemCodes.BadRequest) =>
        new(400, "Bad Request", why.English, code) { Why = why };

    public static SyncProblem TooLarge(ProblemDetail why) => new(413, "Content Too Large", why.English, ProblemCodes.BatchTooLarge) { Why = why };

    /// <summary>Someone else's clientId: the request is refused as a whole, before anything is touched.</summary>
    public static SyncProblem ClientNotYours(ProblemDetail why) => new(403, "Forbidden", why.English, ProblemCodes.ClientNotYours) { Why = why };

    /// <summary>A refusal worded by a page of its own (English only: prefer a <see cref="ProblemDetail"/>).</summary>
    public static SyncProblem NotFound(string detail) => new(404, "Not Found", detail, ProblemCodes.NotFound);

    /// <inheritdoc cref="NotFound(string)"/>
    public static SyncProblem Forbidden(string detail, string code = ProblemCodes.ForbiddenBranch) => new(403, "Forbidden", detail, code);
}

/// <summary>
/// The machine-readable codes of refusals as a whole (REST problem "code" and type
/// "/problems/{code}"; hub errors "[code] …"); stable, whatever language the words are in.
/// </summary>
public static class ProblemCodes
{
    /// <summary>A push that cannot be read: no actions, a null action, a body that does not parse.
    /// Nothing was stored; a client narrows the batch down to the action at fault.</summary>
    public const string BatchMalformed = "batch-malformed";

    /// <summary>More actions or bytes than one push may hold: send fewer at a time.</summary>
    public const string BatchTooLarge = "batch-too-large";

    /// <summary>A pull from a version the branch's feed has not reached (the server started over): pull from 0.</summary>
    public const string FeedAhead = "feed-ahead";

    public const string BadRequest = "bad-request";
    public const string Unauthenticated = "unauthenticated";
    public const string NotFound = "not-found";

    /// <summary>A branch the caller may not use.</summary>
    public const string ForbiddenBranch = "forbidden-branch";

    /// <summary>Something the caller's role may not do (a desk reading the dashboard).</summary>
    public const string ForbiddenRole = "forbidden-role";

    /// <summary>An action the caller's kind may never send (a kiosk sends only register): nothing of the push was applied.</summary>
    public const string ForbiddenAction = "forbidden-action";

    /// <summary>Another login's or device's clientId.</summary>
    public const string ClientNotYours = "client-not-yours";

    /// <summary>Too many requests: wait and send again (Retry-After on REST).</summary>
    public const string RateLimited = "rate-limited";

    /// <summary>The database cannot be reached: nothing was stored; send again in a few seconds.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>What the server did not expect; nothing a client can do but try again later.</summary>
    public const string Internal = "internal";

    /// <summary>A path that does not take the request's method (the Allow header lists those it takes).</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>A body that is not JSON (send Content-Type: application/json).</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>Every code above.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        BatchMalformed, BatchTooLarge, FeedAhead, BadRequest, Unauthenticated, NotFound, ForbiddenBranch, ForbiddenRole,
        ForbiddenAction, ClientNotYours, RateLimited, Unavailable, Internal, MethodNotAllowed, UnsupportedMediaType,
    ];

    /// <summary>The problem type URI of a code (relative to the server).</summary>
    public static string TypeOf(string code) => "/problems/" + code;

    /// <summary>The code of a problem that carries none of its own, by its HTTP status.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => ForbiddenRole,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => BatchTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => Unavailable,
        _ => Internal,
    };
}

/// <summary>A reply that is either a value or a problem with the request as a whole.</summary>
public sealed record SyncReply<T>(T? Value, SyncProblem? Problem) where T : class
{
    public static implicit operator SyncReply<T>(T value) => new(value, null);
    public static implicit operator SyncReply<T>(SyncProblem problem) => new(null, problem);
}
