using Reception.Web.Api;

namespace Reception.Web.Pages;

public static class StatusPages
{
    /// <summary>
    /// A person's request that ends in an error with no body (a 404 for an unknown address, Hangfire's
    /// bare 401/403) shows <see cref="StatusModel"/> in the site's layout, keeping its status code.
    /// Not for /api, the hubs or a script asking for JSON: those keep their problem details.
    /// </summary>
    public static IApplicationBuilder UseReceptionStatusPages(this IApplicationBuilder app) =>
        app.UseWhen(c => !ApiExtensions.AnswersProblems(c) && !ApiExtensions.IsHub(c),
            pages => pages.UseStatusCodePagesWithReExecute("/status/{0}"));
}
