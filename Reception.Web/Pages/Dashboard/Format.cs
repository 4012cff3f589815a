using System.Globalization;

namespace Reception.Web.Pages.Dashboard;

/// <summary>Durations as the dashboard writes them; wwwroot/js/board/format.js follows the same rules.</summary>
public static class Format
{
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
        {
            return "—";
        }

        if (s < 60)
        {
            return "< 1 min";
        }

        var minutes = (int)Math.Round(s / 60, MidpointRounding.AwayFromZero);
        return minutes < 60
            ? $"{minutes} min"
            : string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60:00} min");
    }

    public static string Hour(int hour) => string.Create(CultureInfo.InvariantCulture, $"{hour:00}:00");
}
