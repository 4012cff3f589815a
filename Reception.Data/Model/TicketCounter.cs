namespace Reception.Data.Model;

/// <summary>
/// The ticket numbers handed out for a service on one (branch-local) day: online ones count up from 1,
/// leased blocks from 501 (Reception.Sync/Merge/TicketNumbers.cs says why).
/// </summary>
public sealed class TicketCounter
{
    public Guid ServiceId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>The last number a registration got online (0 for none).</summary>
    public int LastNumber { get; set; }

    /// <summary>The last number leased to a client for offline use (0 for none).</summary>
    public int LastLeased { get; set; }
}
