using System.Text.Encodings.Web;

namespace Reception.Web.Join;

/// <summary>The page a phone reads when it has tried to join too often: why, and the way back.</summary>
public static class JoinPages
{
    /// <param name="wait">How long until the next try counts, in words ("40 seconds").</param>
    public static string TooManyAttempts(PathString path, string wait)
    {
        var back = HtmlEncoder.Default.Encode(path.Value ?? "/");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="robots" content="noindex, nofollow" />
                <title>Too many tries · Reception</title>
                <link rel="stylesheet" href="/css/visitor.css" />
                <link rel="stylesheet" href="/css/join.css" />
            </head>
            <body>
            <main class="visitor join">
                <h1>Too many tries</h1>
                <section class="j-note">
                    <p>There have been too many tries to join from your network. Wait {{wait}}, then
                    <a href="{{back}}">go back to the form</a>, or ask at the reception desk.</p>
                </section>
            </main>
            </body>
            </html>
            """;
    }
}
