using System.Globalization;
using System.Text;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// The one definition of "plain text" for what people type about a visitor (name, phone, notes;
/// docs/protocol.md, "Plain text"): valid Unicode with nothing invisible in it that changes how the
/// rest reads, because these strings end up on the public screen and on every desk. Refused:
/// - broken text: half of a UTF-16 surrogate pair, or U+FFFD, which stands for bytes that were not
///   UTF-8 (see <see cref="Wire.WireText"/>);
/// - direction controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): they can make a name
///   or ticket read backwards;
/// - control characters (category Cc), except line feed and tab in multi-line text;
/// - other invisible format characters (category Cf: zero-width spaces and joiners, U+FEFF, U+2060, …);
/// - line and paragraph separators (U+2028, U+2029) and fillers that render as nothing (Hangul
///   fillers, the blank Braille pattern);
/// - unassigned code points and noncharacters (category Cn).
/// Everything else is accepted: accents, any script, CJK, emoji (variation selectors included).
/// Pure.
/// </summary>
public static class PlainText
{
    /// <summary>Why <paramref name="value"/> is not plain text for <paramref name="field"/>, in words, or null when it is.</summary>
    /// <param name="multiline">Line feeds and tabs are allowed (notes).</param>
    public static Reason? Problem(string field, string value, bool multiline = false)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done
                || rune.Value == 0xFFFD)
            {
                return Reason.Of(ReasonCodes.TextBroken, ("field", field));
            }

            if (Refused(rune, multiline) is var (code, character))
            {
                return Reason.Of(code, ("field", field), ("character", character));
            }

            rest = rest[used..];
        }

        return null;
    }

    /// <summary>The reason a character is refused (a code of <see cref="ReasonCodes"/>) and how to name it, or null.</summary>
    private static (string Code, string Character)? Refused(Rune rune, bool multiline) => rune.Value switch
    {
        '\n' or '\t' when multiline => null,
        0x202A or 0x202B or 0x202C or 0x202D or 0x202E or 0x2066 or 0x2067 or 0x2068 or 0x2069 or 0x200E or 0x200F or 0x061C =>
            (ReasonCodes.TextDirection, Named(rune)),
        0x2028 or 0x2029 => (ReasonCodes.TextSeparator, Code(rune)),
        0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 => (ReasonCodes.TextInvisible, Code(rune)),
        _ => Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control => (ReasonCodes.TextControl, Code(rune)),
            UnicodeCategory.Format => (ReasonCodes.TextFormat, Named(rune)),
            UnicodeCategory.OtherNotAssigned => (ReasonCodes.TextUnassigned, Code(rune)),
            _ => null,
        },
    };

    private static string Code(Rune rune) => $"U+{rune.Value:X4}";

    private static string Named(Rune rune) => Names.TryGetValue(rune.Value, out var name) ? $"{name}, {Code(rune)}" : Code(rune);

    private static readonly Dictionary<int, string> Names = new()
    {
        [0x00AD] = "soft hyphen",
        [0x061C] = "Arabic letter mark",
        [0x200B] = "zero-width space",
        [0x200C] = "zero-width non-joiner",
        [0x200D] = "zero-width joiner",
        [0x200E] = "left-to-right mark",
        [0x200F] = "right-to-left mark",
        [0x202A] = "left-to-right embedding",
        [0x202B] = "right-to-left embedding",
        [0x202C] = "pop directional formatting",
        [0x202D] = "left-to-right override",
        [0x202E] = "right-to-left override",
        [0x2060] = "word joiner",
        [0x2066] = "left-to-right isolate",
        [0x2067] = "right-to-left isolate",
        [0x2068] = "first strong isolate",
        [0x2069] = "pop directional isolate",
        [0xFEFF] = "zero-width no-break space",
    };
}
