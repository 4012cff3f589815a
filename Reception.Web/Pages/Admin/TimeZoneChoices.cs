using Microsoft.AspNetCore.Mvc.Rendering;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// The time-zone list of the branch forms: the zones most branches pick first, then every zone
/// grouped by region ("Europe", "America", …) in &lt;optgroup&gt;s, named by city ("New York"). A
/// plain select: typing a letter jumps within it, and it works without JavaScript.
/// </summary>
internal static class TimeZoneChoices
{
    private static readonly string[] Common =
    [
        "UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
        "Europe/Amsterdam", "Europe/Warsaw", "Europe/Athens", "Europe/Istanbul", "America/New_York", "America/Chicago",
        "America/Denver", "America/Los_Angeles", "America/Toronto", "America/Mexico_City", "America/Sao_Paulo", "Asia/Dubai",
        "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Africa/Johannesburg",
        "Africa/Lagos",
    ];

    private static readonly string[] Regions = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];

    private static readonly Lazy<IReadOnlyList<string>> Known = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => Regions.Contains(RegionOf(id))).Prepend("UTC")
            .Distinct().Order(StringComparer.Ordinal).ToList());

    /// <summary>Every choice, <paramref name="selected"/> marked once (a zone of the common group is listed twice).</summary>
    public static IEnumerable<SelectListItem> For(string? selected)
    {
        var known = Known.Value;
        var common = new SelectListGroup { Name = Texts.Get(Texts.Current.Tag, "admin.timeZones.common") };
        var marked = false;
        SelectListItem Item(string id, string text, SelectListGroup group)
        {
            var pick = !marked && id == selected;
            marked |= pick;
            return new SelectListItem(text, id, pick) { Group = group };
        }

        var items = Common.Where(id => known.Contains(id)).Select(id => Item(id, Label(id), common)).ToList();
        foreach (var region in known.Where(id => id != "UTC").GroupBy(RegionOf))
        {
            var group = new SelectListGroup { Name = region.Key };
            items.AddRange(region.Select(id => Item(id, City(id), group)));
        }

        // A zone the branch has but this list leaves out (an old alias): still shown, still selected.
        if (!marked && selected is { Length: > 0 })
        {
            items.Insert(0, new SelectListItem(selected, selected, true) { Group = common });
        }

        return items;
    }

    private static string RegionOf(string id) => id.Contains('/', StringComparison.Ordinal) ? id[..id.IndexOf('/', StringComparison.Ordinal)] : "";

    private static string City(string id) => id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..].Replace('_', ' ').Replace("/", " / ", StringComparison.Ordinal);

    private static string Label(string id) => id == "UTC" ? "UTC" : $"{City(id)} ({RegionOf(id)})";
}
