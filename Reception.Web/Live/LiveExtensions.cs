using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reception.Web.Api;

namespace Reception.Web.Live;

public static class LiveExtensions
{
    public const string HubPath = "/hubs/queue";

    public static WebApplicationBuilder AddReceptionLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>()
            .Bind(builder.Configuration.GetSection(LiveOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<HubRateLimitFilter>();
        builder.Services.AddHostedService<ConnectionSweeper>();
        builder.Services.AddSignalR(o =>
        {
            o.AddFilter<HubRateLimitFilter>();
            o.EnableDetailedErrors = false; // HubException messages still reach the caller
        })
            // A push over the hub may be as large as one over REST (SignalR's default, 32 KB, is less than a
            // desk's offline batch); a larger message closes the connection. The display hub keeps the default.
            .AddHubOptions<QueueHub>(o => o.MaximumReceiveMessageSize = SyncApi.MaxPushBytes);
        builder.Services.AddReadableHubBindingErrors(); // arguments that do not bind are answered in words, as a HubException
        AddRedisBackplane(builder.Services, builder.Configuration);

        // The hub's URL carries access_token for WebSockets: the request log must never print it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// With <c>ConnectionStrings:Redis</c>, broadcasts reach the connections of every instance through
    /// Redis, and only this instance's while Redis is away (see <see cref="BackplaneHubLifetimeManager{THub}"/>).
    /// Without it, a single instance as before.
    /// </summary>
    private static void AddRedisBackplane(IServiceCollection services, IConfiguration configuration)
    {
        if (RedisConnection.OptionsFrom(configuration) is not { } options)
        {
            return;
        }

        services.AddSingleton(sp => new RedisConnection(options, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddOptions<RedisOptions>().Configure<RedisConnection>((o, redis) =>
        {
            o.Configuration = redis.Options;
            o.ConnectionFactory = redis.ConnectAsync; // one connection for the backplane and readiness
        });
        services.TryAddSingleton(typeof(RedisHubLifetimeManager<>));
        services.TryAddSingleton(typeof(DefaultHubLifetimeManager<>));
        services.RemoveAll(typeof(HubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(BackplaneHubLifetimeManager<>));
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
