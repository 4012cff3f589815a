namespace Reception.Web.Infrastructure;

/// <summary>
/// Where Reception listens when nothing says otherwise. Set in code, not in the launch profile or
/// appsettings.json: a profile's applicationUrl replaces ASPNETCORE_URLS under `dotnet run`, and a
/// "Urls" in appsettings.json outranks ASPNETCORE_URLS (prefixed variables are read first). Here any
/// of them wins: ASPNETCORE_URLS, --urls, "Urls", ASPNETCORE_HTTP_PORTS (the container image's 8080)
/// or Kestrel endpoints.
/// </summary>
public static class DefaultAddress
{
    public const string Url = "http://localhost:5080";

    public static WebApplicationBuilder UseReceptionDefaultAddress(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
                         || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
                         || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
                         || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(Url);
        }

        return builder;
    }
}
