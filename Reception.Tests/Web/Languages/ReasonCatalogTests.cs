using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Reception.Sync.Wire;
using Reception.Web.Api;
using Reception.Web.Languages;

namespace Reception.Tests.Web.Languages;

/// <summary>
/// Every reason and problem the server can produce is worded in every language: the codes come from
/// their one definition (ReasonCodes, ProblemCodes, ProblemDetailCodes, through ProblemWords), and the
/// catalog's English says what the engine says, with the same {arguments}.
/// </summary>
public sealed partial class ReasonCatalogTests
{
    public static TheoryData<string> Languages => new(Language.All.Select(l => l.Tag));

    private static readonly ResourceManager Resources = new(typeof(Messages).FullName!, typeof(Messages).Assembly);

    private static HashSet<string> Keys(string tag) =>
        Resources.GetResourceSet(tag == Language.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(tag), true, false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryReasonAndProblemTheServerCanProduceHasItsTextInEveryLanguage(string tag)
    {
        var own = Keys(tag);
        var plural = PluralRules.Categories(Language.Of(tag).Plural);
        var missing = ProblemWords.ReasonKeys.Concat(ProblemWords.Keys)
            .Where(key => !own.Contains(key) && !plural.All(c => own.Contains(key + "." + c)))
            .ToList();

        Assert.True(missing.Count == 0, $"{tag} lacks: {string.Join(", ", missing)}");
        Assert.Equal(ReasonCodes.All.Count, ProblemWords.ReasonKeys.Count);
        Assert.Equal(ProblemCodes.All.Count + 1 + ProblemDetailCodes.All.Count + ProblemDetailCodes.Expectations.Count, ProblemWords.Keys.Count);
    }

    [Fact]
    public void EveryProblemCodeIsListed() =>
        Assert.Equal(
            typeof(ProblemCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(),
            ProblemCodes.All.Order());

    [Fact]
    public void TheCatalogsEnglishSaysWhatTheEngineSays()
    {
        var engine = ReasonCodes.English.Select(r => ("reasons." + r.Key, r.Value))
            .Concat(ProblemDetailCodes.English.Select(p => ("problems." + p.Key, p.Value)))
            .Concat(Reception.Sync.Dashboard.ConflictCodes.English.Select(c => ("conflicts." + c.Key, c.Value)))
            .Concat(ProblemDetailCodes.Expectations.Select(e => ("problems.expected." + e.Key, e.Value)));
        foreach (var (key, english) in engine)
        {
            var catalog = Texts.English[key] is IReadOnlyDictionary<string, string> forms ? forms["other"] : (string)Texts.English[key];
            Assert.Equal(english, catalog);
        }
    }

    [Fact]
    public void ACodeIsKebabCaseAndNamesNoArgumentItsSentenceDoesNotHave()
    {
        Assert.All(ReasonCodes.All.Concat(ProblemDetailCodes.All).Concat(ProblemCodes.All).Concat(Reception.Sync.Dashboard.ConflictCodes.All), c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
        Assert.All(ReasonCodes.English.Values.Concat(ProblemDetailCodes.English.Values).Concat(Reception.Sync.Dashboard.ConflictCodes.English.Values),
            text => Assert.All(Placeholder().Matches(text), m => Assert.Matches("^\\{[a-z][A-Za-z]*\\}$", m.Value)));
    }

    [Theory]
    [InlineData("de", "Der Besuch A-007 ist storniert; das ist nicht mehr möglich.")]
    [InlineData("es", "La visita A-007 está cancelada; esto ya no se puede hacer.")]
    [InlineData("ar", "أُلغيت الزيارة A-007؛ لم يعد هذا ينطبق عليها.")]
    [InlineData("en", "Visit A-007 is cancelled; this does not apply to it any more.")]
    public void AReasonIsWordedFromItsCodeAndArguments(string tag, string expected)
    {
        var reason = Reason.Of(ReasonCodes.VisitCancelled, ("ticket", "A-007"));

        Assert.Equal(expected, Texts.Get(tag, "reasons." + reason.Code, reason.Args));
        Assert.Equal(reason.English, Texts.Get(Language.English, "reasons." + reason.Code, reason.Args));
    }

    [Theory]
    [InlineData("ar", 2, "ضُغط زر «نداء التالي» قبل دقيقتين من")]
    [InlineData("ar", 5, "ضُغط زر «نداء التالي» قبل 5 دقائق من")]
    [InlineData("de", 5, "„Nächsten aufrufen“ wurde 5 Minuten vor")]
    [InlineData("en", 5, "Call next was pressed 5 minutes before")]
    public void AWaitIsWordedWithThePluralFormItsLanguageChooses(string tag, int minutes, string starts) =>
        Assert.StartsWith(starts, Texts.Get(tag, "reasons." + ReasonCodes.CallNextOfflineMinutes,
            new Dictionary<string, object> { ["count"] = minutes }));

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();
}
