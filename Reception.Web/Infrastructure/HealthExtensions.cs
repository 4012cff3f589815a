using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reception.Data;
using Reception.Web.Live;

namespace Reception.Web.Infrastructure;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddReceptionHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddDbContextCheck<ReceptionDbContext>("database", tags: [Ready]);
        if (builder.Configuration.GetConnectionString(RedisConnection.ConnectionStringName) is { Length: > 0 })
        {
            // Degraded, not Unhealthy: without Redis this instance still serves its own desks (they
            // miss other instances' changes until it is back, then pull), so the load balancer keeps it.
            checks.AddRedis(sp => sp.GetRequiredService<RedisConnection>().Multiplexer, "redis",
                HealthStatus.Degraded, [Ready], TimeSpan.FromSeconds(3));
            // RedisConnection logs losing and regaining Redis once each; every probe of a load
            // balancer would otherwise log the same Degraded with a stack trace. Unhealthy still logs.
            builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Error);
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapReceptionHealth(this IEndpointRouteBuilder app)
    {
        // Liveness runs no check: the process answers, that is all it says.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        // Healthy and Degraded answer 200, Unhealthy (the database) 503: only that takes an instance out.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
