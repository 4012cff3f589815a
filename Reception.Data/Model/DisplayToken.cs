namespace Reception.Data.Model;

/// <summary>
/// The credential of one public "now serving" screen of a branch. Only a hash of the token is
/// kept; the link that carries it is shown once, when an admin creates it.
/// </summary>
public sealed class DisplayToken
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
