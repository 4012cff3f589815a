using System.Globalization;

namespace Reception.Sync.Visitors;

/// <summary>
/// The branch's "I need a few more minutes" as an admin types it: how many places a waiting visitor
/// moves back, 0 to turn the choice off, at most <see cref="MaxPlaces"/> (further back is no longer
/// "a few minutes", and a typo like 300 would send someone to the end of the day).
/// </summary>
public static class PostponeSetting
{
    public const int MaxPlaces = 20;

    public static (int? Places, string? Error) Parse(string? typed)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (null, $"Type how many places \"a few more minutes\" moves a visitor back: a whole number from 0 (not offered) to {MaxPlaces}.");
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var places) && places <= MaxPlaces
            ? (places, null)
            : (null, $"\"{Shorten(text)}\" is not a number of places from 0 (not offered) to {MaxPlaces}.");
    }

    public static string Shorten(string text) => text.Length <= 12 ? text : text[..12] + "…";
}
