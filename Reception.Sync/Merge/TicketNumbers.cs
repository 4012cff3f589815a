namespace Reception.Sync.Merge;

/// <summary>
/// How ticket numbers of one service on one branch-local day are handed out (docs/protocol.md,
/// "Ticket numbers"). A visitor hears their number and waits for it on the screen, so the numbers a
/// desk gives online must read as a line: 001, 002, 003… Blocks leased to desks (and kiosks) for
/// offline use therefore come from a range of their own, starting at <see cref="LeasedFirst"/>:
/// <list type="bullet">
/// <item>online: 1, 2, 3… with no gaps, whatever is leased meanwhile;</item>
/// <item>leased: blocks of consecutive numbers from 501 up, never overlapping one another;</item>
/// <item>a service that passes 500 online numbers in a day continues above every number issued
/// so far, online or leased, so the two ranges still never meet.</item>
/// </list>
/// Each number is issued at most once: below 501 only the online counter issues, and every number
/// issued above 500 is greater than every number issued before it. The caller holds the branch lock.
/// </summary>
/// <remarks>
/// Giving unused leased numbers back would also close the gaps, but only once the desk comes back
/// online, which may be never; a separate range needs nothing from the desk.
/// A ticket, once issued, stays the visitor's for the day: a transfer to another service keeps it
/// (the visitor already holds and listens for that number), and so does a return to the queue.
/// </remarks>
public static class TicketNumbers
{
    /// <summary>The first number of the leased range: offline tickets read …</summary>
    public const int LeasedFirst = 501;

    /// <summary>The number the next online registration gets.</summary>
    /// <param name="lastOnline">The last number issued online today (0 for none).</param>
    /// <param name="lastLeased">The last number leased today (0 for none).</param>
    public static int NextOnline(int lastOnline, int lastLeased) =>
        lastOnline + 1 < LeasedFirst ? lastOnline + 1 : Math.Max(lastOnline, lastLeased) + 1;

    /// <summary>The block the next lease of <paramref name="count"/> numbers gets.</summary>
    public static (int First, int Last) NextLease(int lastOnline, int lastLeased, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var first = Math.Max(Math.Max(lastLeased, LeasedFirst - 1), lastOnline) + 1;
        return (first, first + count - 1);
    }
}
