namespace Reception.Data.Model;

/// <summary>
/// A block of ticket numbers reserved for one client (a desk's browser), so that a visitor
/// registered offline gets a real ticket at once.
/// </summary>
public sealed class TicketLease
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public Guid ServiceId { get; set; }
    public DateOnly Day { get; set; }
    public Guid ClientId { get; set; }
    public int First { get; set; }
    public int Last { get; set; }
    public DateTime CreatedAt { get; set; }
}
