namespace Reception.Data.Model;

public sealed class Service
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>Not for self check-in: the branch's kiosks do not offer it, only a desk registers its visitors.</summary>
    public bool DeskOnly { get; set; }

    /// <summary>Whether the kiosk asks for the visitor's name.</summary>
    public NameAsk KioskName { get; set; }
}
