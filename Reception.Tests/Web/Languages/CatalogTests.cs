using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Reception.Web.Languages;

namespace Reception.Tests.Web.Languages;

/// <summary>Every language has every text English has, with the plural forms its rules need and the same {arguments}; so has each page's browser catalog.</summary>
public sealed partial class CatalogTests
{
    public static TheoryData<string> Translations => new(Language.All.Where(l => l.Tag != Language.English).Select(l => l.Tag));

    private static Dictionary<string, string> Own(string tag)
    {
        var resources = new ResourceManager(typeof(Messages).FullName!, typeof(Messages).Assembly);
        var culture = tag == Language.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(tag);
        var set = resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new Xunit.Sdk.XunitException($"no catalog for {tag}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static IEnumerable<string> Arguments(string text) => Placeholder().Matches(text).Select(m => m.Value).Order();

    [Theory]
    [MemberData(nameof(Translations))]
    public void EveryEnglishTextIsTranslatedWithThePluralFormsTheLanguageNeedsAndTheSameArguments(string tag)
    {
        var own = Own(tag);
        var language = Language.Of(tag);
        var missing = new List<string>();
        foreach (var (key, english) in Texts.English)
        {
            var forms = english is IReadOnlyDictionary<string, string> plural
                ? PluralRules.Categories(language.Plural).Select(c => (Key: key + "." + c, English: plural.GetValueOrDefault(c) ?? plural["other"]))
                : [(Key: key, English: (string)english)];
            foreach (var (formKey, englishText) in forms)
            {
                if (!own.TryGetValue(formKey, out var text) || string.IsNullOrWhiteSpace(text))
                {
                    missing.Add(formKey);
                }
                else if (!Arguments(text).SequenceEqual(Arguments(englishText)) && !formKey.EndsWith(".zero", StringComparison.Ordinal)
                         && !(formKey.EndsWith(".one", StringComparison.Ordinal) || formKey.EndsWith(".two", StringComparison.Ordinal)))
                {
                    missing.Add($"{formKey} (arguments {string.Join(",", Arguments(text))}, English has {string.Join(",", Arguments(englishText))})");
                }
            }
        }

        var extra = own.Keys.Where(k => !Texts.English.ContainsKey(k) && !Texts.English.ContainsKey(k[..Math.Max(0, k.LastIndexOf('.'))]));
        Assert.True(missing.Count == 0, $"{tag} lacks: " + string.Join(", ", missing));
        Assert.Empty(extra);
    }

    [Theory]
    [MemberData(nameof(Translations))]
    [InlineData(Language.English)]
    [InlineData(Language.PseudoTag)]
    public void EachPagesBrowserCatalogHasEveryKeyWithEveryPluralFormItsLanguageNeeds(string tag)
    {
        string[] prefixes = ["common", "visitor", "kiosk", "join"];
        var catalog = Texts.Catalog(tag, prefixes);
        var language = Language.Of(tag);
        foreach (var key in Texts.English.Keys.Where(k => prefixes.Any(p => k.StartsWith(p + ".", StringComparison.Ordinal))))
        {
            Assert.True(catalog.ContainsKey(key), $"{tag} lacks {key}");
            if (catalog[key] is IReadOnlyDictionary<string, string> forms)
            {
                Assert.Equal(PluralRules.Categories(language.Plural), forms.Keys);
                Assert.All(forms.Values, v => Assert.NotEqual(key, v));
            }
            else
            {
                Assert.NotEqual(key, catalog[key]);
            }
        }
    }

    [Fact]
    public void ThePseudoLocaleWrapsEveryTextLengthensItAndKeepsItsArguments()
    {
        var english = Texts.Get(Language.English, "visitor.ahead", new Dictionary<string, object> { ["count"] = 3 });
        var pseudo = Texts.Get(Language.PseudoTag, "visitor.ahead", new Dictionary<string, object> { ["count"] = 3 });
        Assert.Equal("3 people before you", english);
        Assert.StartsWith("[3 ", pseudo);
        Assert.EndsWith("]", pseudo);
        Assert.True(pseudo.Length >= english.Length * 1.4, pseudo);
        Assert.DoesNotContain("people", pseudo);
    }

    [Theory]
    [InlineData("ar", 0, "لا أحد قبلك")]
    [InlineData("ar", 2, "شخصان قبلك")]
    [InlineData("ar", 3, "3 أشخاص قبلك")]
    [InlineData("ar", 11, "11 شخصًا قبلك")]
    [InlineData("ar", 100, "100 شخص قبلك")]
    [InlineData("de", 1, "1 Person vor Ihnen")]
    [InlineData("es", 2, "2 personas antes que usted")]
    public void APluralTextTakesTheFormItsLanguagesRulesChoose(string tag, int count, string expected) =>
        Assert.Equal(expected, Texts.Get(tag, "visitor.ahead", new Dictionary<string, object> { ["count"] = count }));

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}
