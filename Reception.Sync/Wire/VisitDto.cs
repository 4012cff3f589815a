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

    /// <summary>
    /// The visitor's status-page code (/v/{code}): for staff, to show its QR code. Staff only: the
    /// public display and the status page itself never receive a VisitDto.
    /// </summary>
    public string? Code { get; init; }

    /// <summary>Where the visit came from: desk, kiosk, remote or api (<see cref="ChannelNames"/>).</summary>
    public string Channel { get; init; } = ChannelNames.Desk;

    /// <summary>The visitor has used their one "a few more minutes".</summary>
    public bool Postponed { get; init; }
}

/// <summary>A visit's channel on the wire.</summary>
public static class ChannelNames
{
    public const string Desk = "desk";
    public const string Kiosk = "kiosk";
    public const string Remote = "remote";
    public const string Api = "api";

    public static string Of(Reception.Data.Model.VisitChannel channel) => channel switch
    {
        Reception.Data.Model.VisitChannel.Kiosk => Kiosk,
        Reception.Data.Model.VisitChannel.Remote => Remote,
        Reception.Data.Model.VisitChannel.Api => Api,
        _ => Desk,
    };
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
