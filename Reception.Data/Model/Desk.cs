namespace Reception.Data.Model;

public sealed class Desk
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public List<Service> Services { get; set; } = [];
}
