using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Live;

public static class LiveExtensions
{
    public const string HubPath = "/hubs/queue";

    public static WebApplicationBuilder AddReceptionLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<HubRateLimitFilter>();
        builder.Services.AddHostedService<ConnectionSweeper>();
        builder.Services.AddSignalR(o =>
        {
            o.AddFilter<HubRateLimitFilter>();
            o.EnableDetailedErrors = false; // HubException messages still reach the caller
        });

        // The hub's URL carries access_token for WebSockets: the request log must never print it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        return builder;
    }

    public static WebApplication UseReceptionOriginCheck(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(HubPath), branch => branch.UseMiddleware<OriginCheck>());
        return app;
    }

    public static IEndpointRouteBuilder MapReceptionLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<QueueHub>(HubPath);
        return app;
    }
}
