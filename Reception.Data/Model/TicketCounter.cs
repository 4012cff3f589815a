namespace Reception.Data.Model;

/// <summary>The last ticket number handed out for a service on one (branch-local) day.</summary>
public sealed class TicketCounter
{
    public Guid ServiceId { get; set; }
    public DateOnly Day { get; set; }
    public int LastNumber { get; set; }
}
