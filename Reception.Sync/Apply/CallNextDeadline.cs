using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// When a push reached the server: the desk's own clock when it sent the push (optional; from the
/// desk client), and the server's when it received it (or stored it in the inbox).
/// </summary>
public sealed record PushTiming(DateTime? SentAt, DateTime ReceivedAt);

/// <summary>
/// "Call next" is only worth doing while the desk still waits for it. One pressed just before the
/// connection dropped sits in the desk's outbox until it is back; sent minutes later, it would call
/// a visitor to a desk that has long moved on. So a callNext that waited longer than the limit before
/// it could be applied is answered rejected, saying so, and calls no one. Pure: no clock of its own.
/// </summary>
public static class CallNextDeadline
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the action waited before it could be applied at <paramref name="now"/>: on the desk,
    /// from <paramref name="queuedAt"/> (when the button was pressed) to the push's sentAt, both read
    /// from the desk's clock, so its offset from the server's cancels out; then on the server, from
    /// receipt to now (a push waiting for the branch lock, or an action kept in the inbox). A sender
    /// that does not say when it was pressed or sent (a REST client, an older page) is judged on the
    /// server's part alone. Null when nothing is known (no timing).
    /// </summary>
    public static ActionWait? Waited(DateTime? queuedAt, PushTiming? timing, DateTime now)
    {
        if (timing is null)
        {
            return null;
        }

        var onDesk = queuedAt is { } pressed && timing.SentAt is { } sent && sent > pressed ? sent - pressed : TimeSpan.Zero;
        var onServer = now > timing.ReceivedAt ? now - timing.ReceivedAt : TimeSpan.Zero;
        return new ActionWait(onDesk, onServer);
    }

    /// <summary>The rejection's reason when the wait is over <paramref name="limit"/>; null when it may go ahead.</summary>
    public static Reason? Expired(ActionWait? waited, TimeSpan limit) => waited switch
    {
        { Total: var total } w when total > limit && w.OnDesk >= w.OnServer => Told(total, Offline),
        { Total: var total } when total > limit => Told(total, Late),
        _ => null,
    };

    private static readonly string[] Offline =
        [ReasonCodes.CallNextOfflineSeconds, ReasonCodes.CallNextOfflineMinutes, ReasonCodes.CallNextOfflineHours, ReasonCodes.CallNextOfflineDay];

    private static readonly string[] Late =
        [ReasonCodes.CallNextLateSeconds, ReasonCodes.CallNextLateMinutes, ReasonCodes.CallNextLateHours, ReasonCodes.CallNextLateDay];

    /// <summary>In the largest unit that reads well; a day or more (a desk offline overnight, a clock years off) is "more than a day".</summary>
    private static Reason Told(TimeSpan wait, string[] codes) => wait switch
    {
        { TotalDays: >= 1 } => Reason.Of(codes[3]),
        { TotalHours: >= 2 } => Reason.Of(codes[2], ("count", (int)wait.TotalHours)),
        { TotalMinutes: >= 2 } => Reason.Of(codes[1], ("count", (int)wait.TotalMinutes)),
        _ => Reason.Of(codes[0], ("count", (int)wait.TotalSeconds)),
    };
}

/// <summary>How long an action waited on the desk (offline) and then on the server.</summary>
public readonly record struct ActionWait(TimeSpan OnDesk, TimeSpan OnServer)
{
    /// <summary>Both waits, saturating at <see cref="TimeSpan.MaxValue"/> rather than overflowing.</summary>
    public TimeSpan Total => new((long)Int128.Clamp((Int128)OnDesk.Ticks + OnServer.Ticks, long.MinValue, long.MaxValue));
}
