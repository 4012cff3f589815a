using System.Globalization;
using System.Text;
using CsCheck;
using Reception.Sync.Apply;

namespace Reception.Tests.Sync.Apply;

/// <summary>What a name, phone or notes may hold (pure), by example and over random text.</summary>
public class PlainTextTests
{
    private const int Iterations = 2000;

    // Pieces of what people really type: accents (precomposed and combining), Arabic, Hebrew, CJK,
    // kana, Cyrillic, Devanagari with its vowel signs, emoji with skin tones and variation selectors,
    // spaces of other scripts, digits and the punctuation of names and phone numbers.
    private static readonly string[] Words =
    [
        "Ada", "Zoë", "José", "Søren", "Łukasz", "Nguyễn", "e\u0301", "O'Brien", "Jean-Luc", "محمد", "فاطمة", "שרה",
        "王小明", "さくら", "Дмитрий", "देवनागरी", "김민준", "😀", "❤️", "👍🏽", "🇫🇷", "+44 20 7946 0000", "(0)", ".", ",",
        " ", "\u00A0", "\u3000", "42",
    ];

    private static readonly Gen<string> GenOrdinary = Gen.OneOf(
        Gen.OneOf(Words),
        Gen.Char['a', 'z'].Select(c => c.ToString()),
        Gen.Int[0x4E00, 0x9FFF].Select(char.ConvertFromUtf32),   // CJK ideographs
        Gen.Int[0x0621, 0x064A].Select(char.ConvertFromUtf32),   // Arabic letters
        Gen.Int[0x1F600, 0x1F64F].Select(char.ConvertFromUtf32)  // emoticons
    ).Array[0, 12].Select(string.Concat);

    private static readonly int[] Listed =
    [
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
        0x200B, 0x200C, 0x200D, 0xFEFF, 0x2060, 0x00AD, 0x2028, 0x2029, 0x3164, 0xFFFD, 0x0000, 0x0007, 0x001B, 0x007F, 0x0085,
        0x000D, 0xFDD0, 0xFFFE, 0x10FFFF, 0xE0001,
    ];

    private static bool IsRefusedCategory(int code) =>
        code is < 0xD800 or > 0xDFFF
        && CharUnicodeInfo.GetUnicodeCategory(code) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned;

    // One refused piece: a listed character, any other code point of a refused category, or half a surrogate pair.
    private static readonly Gen<string> GenRefused = Gen.OneOf(
        Gen.OneOf(Listed).Select(char.ConvertFromUtf32),
        Gen.Int[0, 0x10FFFF].Where(IsRefusedCategory).Select(char.ConvertFromUtf32),
        Gen.Int[0xD800, 0xDFFF].Select(c => ((char)c).ToString()));

    [Fact]
    public void AnyTextHoldingARefusedCharacterIsRefusedNamingTheField() =>
        Gen.Select(GenOrdinary, GenRefused, GenOrdinary).Sample((before, bad, after) =>
        {
            var problem = PlainText.Problem("name", before + bad + after)?.English;

            Assert.NotNull(problem);
            Assert.StartsWith("The name contains ", problem);
            Assert.Contains("U+", problem);
        }, iter: Iterations);

    [Fact]
    public void OrdinaryTextOfAnyScriptIncludingEmojiIsAccepted() =>
        GenOrdinary.Sample(text =>
        {
            Assert.Null(PlainText.Problem("name", text));
            Assert.Null(PlainText.Problem("notes", text.Replace(" ", "\n") + "\t", multiline: true));
        }, iter: Iterations);

    [Theory]
    [InlineData("name", "Ada\u202Eecila", "an invisible direction control (right-to-left override, U+202E), which can make the text read differently on the public screen")]
    [InlineData("name", "\u2066Ada\u2069", "an invisible direction control (left-to-right isolate, U+2066)")]
    [InlineData("phone", "+44\u200E20", "an invisible direction control (left-to-right mark, U+200E)")]
    [InlineData("name", "Ali\u061C", "an invisible direction control (Arabic letter mark, U+061C)")]
    [InlineData("name", "A\u200Bda", "an invisible formatting character (zero-width space, U+200B)")]
    [InlineData("notes", "\uFEFFlate", "an invisible formatting character (zero-width no-break space, U+FEFF)")]
    [InlineData("name", "Ada\u0007", "a control character (U+0007)")]
    [InlineData("name", "Ada\nKing", "a control character (U+000A)")]
    [InlineData("phone", "+44\t1", "a control character (U+0009)")]
    [InlineData("name", "\u3164", "a character that shows as nothing (U+3164)")]
    [InlineData("name", "Ada\u0378", "U+0378, which is not an assigned character")]
    [InlineData("name", "Ada\uFFFF", "U+FFFF, which is not an assigned character")]
    public void TheReasonNamesTheFieldAndWhatIsWrong(string field, string value, string what)
    {
        var problem = PlainText.Problem(field, value, multiline: field == "notes")?.English;

        Assert.NotNull(problem);
        Assert.StartsWith($"The {field} contains {what}", problem);
        Assert.EndsWith("; remove it and send again.", problem);
    }

    [Theory]
    [InlineData("Ada\uD800")]
    [InlineData("\uDC00Ada")]
    [InlineData("Ada\uFFFD")]
    public void BrokenTextIsRefusedAsBroken(string value) =>
        Assert.Equal("The name contains a broken character (half of a UTF-16 surrogate pair, or bytes that are not UTF-8, " +
                     "shown as U+FFFD); type it again and send it.", PlainText.Problem("name", value)?.English);

    [Fact]
    public void LineFeedsAndTabsAreAllowedInMultiLineTextOnly()
    {
        Assert.Null(PlainText.Problem("notes", "wheelchair\n\tside door", multiline: true));
        Assert.NotNull(PlainText.Problem("notes", "wheelchair\rside door", multiline: true));
        Assert.NotNull(PlainText.Problem("name", "Ada\tKing"));
    }

    [Fact]
    public void EveryRefusedCharacterAloneIsRefusedInEveryField()
    {
        foreach (var code in Listed)
        {
            var text = char.ConvertFromUtf32(code);
            Assert.True(PlainText.Problem("name", text) is not null, $"U+{code:X4} in a name");
            Assert.True(PlainText.Problem("notes", text, multiline: true) is not null, $"U+{code:X4} in notes");
        }

        Assert.NotNull(PlainText.Problem("name", new StringBuilder().Append('\uD83D').ToString())); // half of an emoji
    }
}
