using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Reception.Sync.Wire;
using Reception.Web.Languages;
using ActionResult = Reception.Sync.Wire.ActionResult;

namespace Reception.Web.Api;

/// <summary>
/// Words what the API says to people in the caller's language (Accept-Language, or the language
/// cookie), by code, at the edge: a problem's title by its code (<c>problems.{code}.title</c>) and its
/// detail by its detailCode (<c>problems.{detailCode}</c>); a result's reason by its reasonCode
/// (<c>reasons.{reasonCode}</c>). The codes themselves are the same in every language. English is the
/// engine's own wording (<see cref="ReasonCodes"/>, <see cref="ProblemDetailCodes"/>), which the
/// catalog's English repeats word for word (CatalogTests).
/// </summary>
public static class ProblemWords
{
    /// <summary>The problem details member naming which detail it is (one of <see cref="ProblemDetailCodes"/>).</summary>
    public const string DetailCode = "detailCode";

    /// <summary>The problem details member holding the values the detail names.</summary>
    public const string DetailArgs = "detailArgs";

    /// <summary>The title of a problem that lists its errors by field (HttpValidationProblemDetails).</summary>
    public const string ValidationTitle = "problems.validation.title";

    /// <summary>Every catalog key the API words problems with: each problem code's title, the validation title, each detail.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        .. ProblemCodes.All.Select(c => $"problems.{c}.title"), ValidationTitle,
        .. ProblemDetailCodes.All.Select(c => "problems." + c),
        .. ProblemDetailCodes.Expectations.Keys.Select(k => "problems.expected." + k),
    ];

    /// <summary>Every catalog key the API words results' reasons with.</summary>
    public static IReadOnlyList<string> ReasonKeys { get; } = [.. ReasonCodes.All.Select(c => "reasons." + c)];

    public static void Word(ProblemDetails problem, HttpContext http)
    {
        if (LanguageOf(http) is not { } language)
        {
            return;
        }

        var title = problem is HttpValidationProblemDetails ? ValidationTitle : $"problems.{problem.Extensions["code"]}.title";
        if (Texts.English.ContainsKey(title))
        {
            problem.Title = Texts.Get(language.Tag, title);
        }

        if (problem.Extensions.TryGetValue(DetailCode, out var detail) && detail is string code && Texts.English.ContainsKey("problems." + code))
        {
            problem.Detail = Say(new ProblemDetail(code, problem.Extensions.TryGetValue(DetailArgs, out var args) ? args as IReadOnlyDictionary<string, object> : null),
                language);
        }
    }

    /// <summary>A refusal's detail as a page shows it: by its detail code in the request's language, else the words it came with.</summary>
    public static string Say(SyncProblem problem) => problem.Why is { } why ? Say(why, NotEnglish(CultureInfo.CurrentUICulture)) : problem.Detail;

    /// <summary><paramref name="why"/>'s sentence in the caller's language.</summary>
    public static string Say(ProblemDetail why, HttpContext http) => Say(why, LanguageOf(http));

    /// <summary><paramref name="why"/>'s sentence in <paramref name="language"/> (null: English, the engine's own wording).</summary>
    public static string Say(ProblemDetail why, Language? language) =>
        language is not null && Texts.English.ContainsKey("problems." + why.Code)
            ? Texts.Get(language.Tag, "problems." + why.Code, Expected(language, why.Args))
            : why.English;

    /// <summary>A problem code's title in <paramref name="language"/> (null: English), null for a code the catalog does not title.</summary>
    public static string? Title(string code, Language? language) =>
        Texts.English.ContainsKey($"problems.{code}.title") ? Texts.Get(language?.Tag ?? Language.English, $"problems.{code}.title") : null;

    /// <summary>A kind of value expected (<see cref="ProblemDetailCodes.Expectations"/>) in <paramref name="language"/> (null: English).</summary>
    public static string Expected(string kind, Language? language) =>
        language is null ? ProblemDetailCodes.Expectations[kind] : Texts.Get(language.Tag, "problems.expected." + kind);

    /// <summary>A detail's kind of value expected (<see cref="ProblemDetailCodes.Expectations"/>) worded as <c>problems.expected.{kind}</c>.</summary>
    private static IReadOnlyDictionary<string, object>? Expected(Language language, IReadOnlyDictionary<string, object>? args) =>
        args?.GetValueOrDefault(ProblemDetailCodes.ExpectedArgument) is string kind && ProblemDetailCodes.Expectations.ContainsKey(kind)
            ? new Dictionary<string, object>(args) { [ProblemDetailCodes.ExpectedArgument] = Expected(kind, language) }
            : args;

    /// <summary>The results with their reasons in the caller's language (the codes and values unchanged).</summary>
    public static PushResponse Word(PushResponse response, HttpContext http) =>
        LanguageOf(http) is { } language ? new PushResponse([.. response.Results.Select(r => Word(r, language))]) : response;

    public static ActionResult Word(ActionResult result, HttpContext http) =>
        LanguageOf(http) is { } language ? Word(result, language) : result;

    /// <summary>A reason's words in <paramref name="language"/>; null for a code the catalog does not have.</summary>
    public static string? Reason(Language language, string? code, IReadOnlyDictionary<string, object>? args) =>
        ReasonMessages.Of(code, Plain(args)) is { } reason ? Texts.Get(language.Tag, reason.Key, reason.Args) : null;

    private static ActionResult Word(ActionResult result, Language language) => result with
    {
        Reason = Reason(language, result.ReasonCode, result.ReasonArgs) ?? result.Reason,
        Original = result.Original is { } original ? Word(original, language) : null,
    };

    /// <summary>The request's language when it is not English (English is the engine's own wording already).</summary>
    public static Language? LanguageOf(HttpContext? http) =>
        NotEnglish(http?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture);

    /// <summary>The language of <paramref name="culture"/> when it is not English.</summary>
    public static Language? NotEnglish(CultureInfo culture) => Language.Of(culture.Name) is var language && language.Tag != Language.English ? language : null;

    /// <summary>Values read back from a stored result are JSON: as text or a number again.</summary>
    private static Dictionary<string, object>? Plain(IReadOnlyDictionary<string, object>? args) =>
        args?.ToDictionary(a => a.Key, a => a.Value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var l) => l,
            JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(),
            var v => v,
        });
}
