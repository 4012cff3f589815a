using Microsoft.AspNetCore.Authentication;

namespace Reception.Web.Display;

public static class DisplayExtensions
{
    public const string HubPath = "/hubs/display";

    /// <summary>The public screens: their token scheme, their hub's registry and the revoked-token sweeper.</summary>
    public static WebApplicationBuilder AddReceptionDisplay(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DisplayAuthenticationHandler>(DisplayAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<DisplayConnections>();
        builder.Services.AddHostedService<DisplaySweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReceptionDisplay(this IEndpointRouteBuilder app)
    {
        app.MapHub<DisplayHub>(HubPath);
        return app;
    }
}
