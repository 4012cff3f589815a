using Reception.Web.Languages;

namespace Reception.Tests.Web.Languages;

/// <summary>What the admins' missing-translations page counts: each English key a language lacks, each plural form its rules need.</summary>
public sealed class MissingTextsTests
{
    private static readonly Dictionary<string, object> English = new()
    {
        ["board.title"] = "Dashboard",
        ["board.show"] = "Show",
        ["board.visitors"] = (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["one"] = "1 visitor", ["other"] = "{count} visitors" },
    };

    [Fact]
    public void ALanguageLacksTheKeysItHasNoTextForAndThePluralFormsItsRulesNeed()
    {
        var german = new Dictionary<string, string> { ["board.title"] = "Übersicht", ["board.visitors.one"] = "1 Besucher", ["board.visitors.other"] = "{count} Besucher" };
        Assert.Equal(["board.show"], MissingTexts.Of(Language.Of("de"), English, german.GetValueOrDefault));

        // Arabic needs six forms of a plural text; a blank text is as missing as no text.
        var arabic = new Dictionary<string, string>
        {
            ["board.title"] = "لوحة المتابعة", ["board.show"] = " ", ["board.visitors.one"] = "زائر واحد", ["board.visitors.other"] = "{count} زائر",
        };
        Assert.Equal(["board.show", "board.visitors.few", "board.visitors.many", "board.visitors.two", "board.visitors.zero"],
            MissingTexts.Of(Language.Of("ar"), English, arabic.GetValueOrDefault));
    }

    [Fact]
    public void NoLanguageLacksAnythingToday()
    {
        foreach (var language in Language.All)
        {
            Assert.Empty(MissingTexts.Of(language));
        }
    }
}
