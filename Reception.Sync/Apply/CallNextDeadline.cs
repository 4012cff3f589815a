using System.Globalization;

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
    public static string? Expired(ActionWait? waited, TimeSpan limit) => waited switch
    {
        { Total: var total } w when total > limit && w.OnDesk >= w.OnServer =>
            $"Call next was pressed {Describe(total)} before it could reach the server (the connection was down), " +
            "so no one was called. Press Call next again if the desk is free.",
        { Total: var total } when total > limit =>
            $"Call next waited {Describe(total)} before the server could apply it (its database was failing), " +
            "so no one was called. Press Call next again if the desk is free.",
        _ => null,
    };

    /// <summary>In the largest unit that reads well; a day or more (a desk offline overnight, a clock years off) is "more than a day".</summary>
    private static string Describe(TimeSpan wait) => wait switch
    {
        { TotalDays: >= 1 } => "more than a day",
        { TotalHours: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)wait.TotalHours} hours"),
        { TotalMinutes: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{(int)wait.TotalMinutes} minutes"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)wait.TotalSeconds} seconds"),
    };
}

/// <summary>How long an action waited on the desk (offline) and then on the server.</summary>
public readonly record struct ActionWait(TimeSpan OnDesk, TimeSpan OnServer)
{
    /// <summary>Both waits, saturating at <see cref="TimeSpan.MaxValue"/> rather than overflowing.</summary>
    public TimeSpan Total => new((long)Int128.Clamp((Int128)OnDesk.Ticks + OnServer.Ticks, long.MinValue, long.MaxValue));
}
