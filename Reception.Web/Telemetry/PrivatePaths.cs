using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Reception.Web.Telemetry;

/// <summary>
/// A request's path can hold what must never leave the server in a span: a visitor's status-page code
/// (<c>/v/{code}</c>), a branch's join link, a screen's or kiosk's address. A server span therefore
/// records a routed request's path as its route template (<c>/v/{code}</c>), as <c>http.route</c> and the
/// span's name already do. Query strings are redacted by the instrumentation itself (the hub's
/// <c>access_token</c>, a screen's <c>token</c>).
/// </summary>
public static class PrivatePaths
{
    private const string PathAttribute = "url.path";

    public static void Redact(Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern: { Parameters.Count: > 0 } pattern })
        {
            activity.SetTag(PathAttribute, "/" + pattern.RawText?.TrimStart('/'));
        }
    }
}
