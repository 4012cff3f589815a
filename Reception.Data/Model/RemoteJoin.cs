namespace Reception.Data.Model;

/// <summary>
/// Who asked for a visit made at /join/{branch}: the device (a long-lived cookie id) and the address
/// (a keyed hash, never the address itself), so the page can cap the open tickets of each.
/// </summary>
public sealed class RemoteJoin
{
    public Guid VisitId { get; set; }
    public Guid BranchId { get; set; }
    public string Device { get; set; } = "";
    public string Address { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
