using Scalar.AspNetCore;

namespace Reception.Web.Infrastructure;

/// <summary>
/// Security headers on every response: pages, REST, static files and errors alike. Our own pages
/// run no inline script or style (data reaches the modules in data- attributes or a JSON block,
/// which is not executed), so the policy allows only this site's files.
/// </summary>
public static class SecurityHeaders
{
    public const string HangfirePath = "/hangfire";

    public const string ScalarPath = "/api/docs";

    public static readonly string Policy = Build(scripts: "'self'", styles: "'self'");

    // Hangfire's dashboard scripts (its jQuery plugins and charts) add inline styles we cannot
    // change; its scripts are all files. Only under /hangfire, which only admins reach.
    public static readonly string HangfirePolicy = Build(scripts: "'self'", styles: "'self' 'unsafe-inline'");

    /// <summary>
    /// Kestrel sends no Server header, and the headers are set by the outermost middleware (a
    /// startup filter, so it wraps everything Program.cs adds, static files and error pages included).
    /// </summary>
    public static WebApplicationBuilder AddReceptionSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddTransient<IStartupFilter, Outermost>();
        return builder;
    }

    private static void Apply(HttpContext context, PathString path)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = path.StartsWithSegments(HangfirePath) ? HangfirePolicy
            : path.StartsWithSegments(ScalarPath) ? ScalarPolicy(context)
            : Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // The display's and the status page's addresses carry their credential: it must not travel to any other page or site.
        headers["Referrer-Policy"] = path.StartsWithSegments("/display") || path.StartsWithSegments("/v") ? "no-referrer" : "strict-origin-when-cross-origin";
    }

    // Scalar starts itself with an inline module script, which it marks with a fresh nonce per
    // request (WithNonce in ApiExtensions). Its interface adds <style> elements and style=""
    // attributes, which no nonce can allow, so styles are relaxed on this path only.
    private static string ScalarPolicy(HttpContext context) =>
        Build(
            scripts: context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce ? $"'self' 'nonce-{nonce}'" : "'self'",
            styles: "'self' 'unsafe-inline'");

    // 'self' in connect-src covers the hubs' ws:/wss: on this host too (CSP level 3).
    private static string Build(string scripts, string styles) =>
        $"default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private sealed class Outermost : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // The path is read now: a branch such as Hangfire's moves its prefix into PathBase.
                // The headers are set when the response starts: the exception handler clears them
                // before it writes an error, and Scalar's nonce is only known then.
                var path = context.Request.Path;
                context.Response.OnStarting(() =>
                {
                    Apply(context, path);
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
