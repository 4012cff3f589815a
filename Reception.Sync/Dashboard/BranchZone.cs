namespace Reception.Sync.Dashboard;

/// <summary>A branch's time zone; an unknown id counts as UTC, as in <see cref="Access.BranchRef"/>.</summary>
public static class BranchZone
{
    public static TimeZoneInfo Of(string id) =>
        id != "UTC" && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A UTC time as the branch's wall clock shows it, HH:mm.</summary>
    public static string Clock(DateTime utc, string id) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Of(id)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
