using Microsoft.AspNetCore.Identity;

namespace Reception.Data.Model;

public sealed class ReceptionUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The branch a Desk works at; null for a Manager or Admin of every branch.</summary>
    public Guid? BranchId { get; set; }

    public Guid? DeskId { get; set; }
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// The language this login picked in the header (a tag Reception speaks: "de"), used on any
    /// computer it signs in on; null: none picked, the browser's languages decide.
    /// </summary>
    public string? Language { get; set; }
}

public static class Roles
{
    public const string Desk = "Desk";
    public const string Manager = "Manager";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Desk, Manager, Admin];
}
