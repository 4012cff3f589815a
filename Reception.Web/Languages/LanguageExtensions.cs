using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Reception.Web.Languages;

public sealed class LanguageOptions
{
    public const string Section = "Reception:Languages";

    /// <summary>Offers the pseudo-locale (qps-ploc) to the cookie and Accept-Language: for tests only.</summary>
    public bool Pseudo { get; set; }
}

public static class LanguageExtensions
{
    /// <summary>The catalog (<see cref="Texts"/>), and which language each request speaks.</summary>
    public static WebApplicationBuilder AddReceptionLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddSingleton<Texts>();
        builder.Services.AddOptions<LanguageOptions>().Bind(builder.Configuration.GetSection(LanguageOptions.Section));
        builder.Services.AddOptions<RequestLocalizationOptions>().Configure<IOptions<LanguageOptions>>((options, languages) =>
        {
            var pseudo = languages.Value.Pseudo;
            // Only the texts follow the request: numbers and dates in a sentence are written by Texts in
            // its language, times by BranchZone.Clock; the rest of the process keeps its own culture.
            var process = CultureInfo.CurrentCulture;
            options.DefaultRequestCulture = new RequestCulture(process, CultureInfo.GetCultureInfo(Language.English));
            options.SupportedCultures = [process];
            options.SupportedUICultures = [.. Language.All.Select(l => CultureInfo.GetCultureInfo(l.Tag)),
                .. pseudo ? [CultureInfo.GetCultureInfo(Language.PseudoTag)] : Array.Empty<CultureInfo>()];
            // In order: the picker's choice (the cookie), the signed-in login's saved choice, the
            // phone's languages, then the branch's own language (then English).
            options.RequestCultureProviders = [
                new CookieRequestCultureProvider(),
                new UserLanguageProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new BranchLanguageProvider(),
            ];
        });
        return builder;
    }

    public static IApplicationBuilder UseReceptionLanguages(this IApplicationBuilder app) => app.UseRequestLocalization();
}
