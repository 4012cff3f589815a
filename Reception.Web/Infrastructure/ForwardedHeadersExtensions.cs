using Microsoft.AspNetCore.HttpOverrides;

namespace Reception.Web.Infrastructure;

public static class ForwardedHeadersExtensions
{
    /// <summary>
    /// Reads X-Forwarded-For/Proto from the proxy in front (nginx in docker-compose). Only a
    /// loopback proxy is trusted unless Reception:TrustForwardedHeaders is set, as it is where the
    /// proxy is another container and the instances are not reachable except through it.
    /// </summary>
    public static WebApplication UseReceptionForwardedHeaders(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        };
        if (app.Configuration.GetValue("Reception:TrustForwardedHeaders", false))
        {
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        }

        app.UseForwardedHeaders(options);
        return app;
    }
}
