namespace Reception.Web.Pages.Admin;

internal static class AdminChecks
{
    public static bool IsTimeZone(string? id) => id == "UTC" || (id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _));
}
