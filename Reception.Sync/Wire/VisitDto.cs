namespace Reception.Sync.Wire;

public sealed record VisitDto
{
    public Guid Id { get; init; }
    public required string Branch { get; init; }
    public Guid ServiceId { get; init; }
    public required string Ticket { get; init; }
    public required string Name { get; init; }
    public string? Phone { get; init; }
    public string? Notes { get; init; }
    public int Priority { get; init; }
    public required string Status { get; init; }
    public Guid? DeskId { get; init; }
    public DateTime ArrivedAt { get; init; }
    public DateTime? CalledAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? CompletedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>When it was last put back in the queue (reinstate), else null; it stands in line from then.</summary>
    public DateTime? ReinstatedAt { get; init; }
    public long Version { get; init; }
    public required FieldVersionsDto FieldVersions { get; init; }
}

public sealed record FieldVersionsDto(long Name, long Phone, long Notes, long Priority);

/// <summary>One entry of the change feed as it travels.</summary>
/// <param name="DeskId">The desk of the login that made it, so another desk can say who ("Desk 2 changed…");
/// null for a manager, an admin or an API client (then <paramref name="By"/> names them).</param>
public sealed record ChangeDto(long Version, VisitDto Visit, Guid? ClientId, long? MutationId, string By, DateTime At,
    Guid? DeskId = null);

public sealed record NotificationDto(
    long Id, string Kind, Guid? VisitId, string? Ticket, Guid? DeskId, string? DeskName, string Message, long? Version,
    DateTime At);

/// <summary>What a notification tells the desks.</summary>
public static class NotificationKinds
{
    /// <summary>A visitor was called to a desk (the display announces it).</summary>
    public const string Called = "called";

    /// <summary>A called visitor was called again.</summary>
    public const string Recalled = "recalled";

    /// <summary>A deferred action was given up after its retries: someone must do it again.</summary>
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Called, Recalled, Failed];
}

public sealed record ServiceDto(Guid Id, string Name, string Prefix);

public sealed record DeskDto(Guid Id, string Name, IReadOnlyList<Guid> ServiceIds);
