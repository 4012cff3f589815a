namespace Reception.Data.Model;

public sealed class Service
{
    public Guid Id { get; set; }
    public Guid BranchId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>Only a desk registers visitors for it: remote joining (and the kiosk) do not offer it.</summary>
    public bool NotForSelfCheckIn { get; set; }

    /// <summary>Whether the kiosk asks for the visitor's name.</summary>
    public NameAsk KioskName { get; set; }
}
