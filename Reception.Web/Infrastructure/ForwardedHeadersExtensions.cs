using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Reception.Web.Infrastructure;

/// <summary>The proxy in front (<c>Reception:TrustForwardedHeaders</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "Reception";

    /// <summary>
    /// Trust X-Forwarded-For/Proto from any address, not only a proxy on loopback: only where the
    /// instances cannot be reached except through the proxy (docker-compose's private network).
    /// </summary>
    public bool TrustForwardedHeaders { get; set; }
}

public static class ForwardedHeadersExtensions
{
    public static WebApplicationBuilder AddReceptionForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>()
            .Bind(builder.Configuration.GetSection(ProxyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxy.Value.TrustForwardedHeaders)
            {
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            }
        });
        return builder;
    }

    /// <summary>
    /// Reads X-Forwarded-For/Proto from the proxy in front (nginx in docker-compose). Only a
    /// loopback proxy is trusted unless Reception:TrustForwardedHeaders is set, as it is where the
    /// proxy is another container and the instances are not reachable except through it.
    /// </summary>
    public static WebApplication UseReceptionForwardedHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
