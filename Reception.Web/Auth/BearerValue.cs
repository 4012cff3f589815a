using Microsoft.Net.Http.Headers;

namespace Reception.Web.Auth;

/// <summary>Where a request carries its bearer credential: the Authorization header, or for the hub the access_token query.</summary>
public static class BearerValue
{
    private const string Scheme = "Bearer ";

    public static string? From(HttpRequest request)
    {
        string? header = request.Headers[HeaderNames.Authorization];
        if (header is not null && header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return header[Scheme.Length..].Trim() is { Length: > 0 } value ? value : null;
        }

        // Browsers cannot set headers on WebSockets, so SignalR's accessTokenFactory sends the query.
        return request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } token]
            ? token
            : null;
    }
}
