namespace Reception.Data.Model;

public sealed class Notification
{
    public long Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Kind { get; set; }
    public Guid? VisitId { get; set; }
    public string? Ticket { get; set; }
    public Guid? DeskId { get; set; }
    public string? DeskName { get; set; }
    public required string Message { get; set; }
    public long? Version { get; set; }
    public DateTime At { get; set; }
}
