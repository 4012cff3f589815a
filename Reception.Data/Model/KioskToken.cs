namespace Reception.Data.Model;

/// <summary>
/// The credential of one self check-in kiosk of a branch: it may register visitors of that branch
/// and nothing else. Only a hash of the token is kept; the link that carries it is shown once, when
/// an admin creates it. It never expires by itself; revoking it switches the kiosk off.
/// </summary>
public sealed class KioskToken
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
