namespace Reception.Sync.Dashboard;

/// <summary>
/// How long a waiting visitor can expect to wait before being called. Pure: everything it knows
/// comes in as arguments.
/// </summary>
public static class EstimatedWait
{
    /// <summary>
    /// The visitors ahead are shared among the open desks, one average service each, and the desks
    /// are on average halfway through the visitor they serve now:
    /// <c>averageService × (⌊ahead ÷ openDesks⌋ + ½)</c>.
    /// Laws (tested): never negative; never shorter for someone further back; never longer with
    /// more open desks; null when no desk serves the service or no service time is known yet today.
    /// </summary>
    /// <param name="ahead">Waiting visitors of the same service before this one in queue order (0 for the first).</param>
    /// <param name="openDesks">Open desks that serve the service.</param>
    /// <param name="averageService">Today's average service time, or null when nobody has been served yet.</param>
    public static TimeSpan? For(int ahead, int openDesks, TimeSpan? averageService)
    {
        if (openDesks <= 0 || averageService is not { } service || service <= TimeSpan.Zero)
        {
            return null;
        }

        var rounds = Math.Max(0, ahead) / openDesks;
        return service * (rounds + 0.5);
    }

    /// <summary>
    /// The desks counted as open for a service: those that called someone in the last hour, or,
    /// when none did (the start of the day), every active desk that serves it.
    /// </summary>
    public static int OpenDesks(int recentlyActive, int active) => recentlyActive > 0 ? recentlyActive : active;
}
