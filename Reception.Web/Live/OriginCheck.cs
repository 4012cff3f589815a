namespace Reception.Web.Live;

/// <summary>
/// CORS does not protect WebSockets: a page on another site could open the hub with the desk's
/// cookie. Hub requests that carry an Origin must come from this site (or a configured origin).
/// </summary>
public sealed class OriginCheck(RequestDelegate next, IConfiguration configuration)
{
    private readonly HashSet<string> _allowed = new(
        configuration.GetSection("Reception:AllowedOrigins").Get<string[]>() ?? [], StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsSameSite(context.Request, origin) && !_allowed.Contains(origin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(new
            {
                type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
                title = "Forbidden",
                status = 403,
                detail = $"Connections from {origin} are not allowed. Open Reception from its own address.",
            }, context.RequestAborted);
            return;
        }

        await next(context);
    }

    private static bool IsSameSite(HttpRequest request, string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
