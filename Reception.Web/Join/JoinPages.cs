using System.Text.Encodings.Web;
using Reception.Web.Languages;

namespace Reception.Web.Join;

/// <summary>The page a phone reads when it has tried to join too often: why, and the way back.</summary>
public static class JoinPages
{
    /// <param name="seconds">How long until the next try counts.</param>
    public static string TooManyAttempts(PathString path, int seconds)
    {
        var back = HtmlEncoder.Default.Encode(path.Value ?? "/");
        var language = Texts.Current;
        string T(string key, int? count = null) => HtmlEncoder.Default.Encode(count is { } n
            ? Texts.Get(language.Tag, key, new Dictionary<string, object> { ["count"] = n })
            : Texts.Get(language.Tag, key));
        return $$"""
            <!DOCTYPE html>
            <html lang="{{language.Tag}}" dir="{{language.Dir}}">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="robots" content="noindex, nofollow" />
                <title>{{T("join.tries.title")}} · {{T("common.reception")}}</title>
                <link rel="stylesheet" href="/css/visitor.css" />
                <link rel="stylesheet" href="/css/join.css" />
            </head>
            <body>
            <main class="visitor join">
                <h1>{{T("join.tries.title")}}</h1>
                <section class="j-note">
                    <p>{{T("join.tries.text", seconds)}}</p>
                    <p><a href="{{back}}">{{T("join.backToForm")}}</a></p>
                </section>
            </main>
            </body>
            </html>
            """;
    }
}
