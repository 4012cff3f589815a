namespace Reception.Data.Model;

/// <summary>A legacy system's credential. Only a hash of the key is kept.</summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
