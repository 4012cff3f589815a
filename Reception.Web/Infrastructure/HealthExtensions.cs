using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Reception.Data;

namespace Reception.Web.Infrastructure;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static WebApplicationBuilder AddReceptionHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<ReceptionDbContext>("database", tags: [Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapReceptionHealth(this IEndpointRouteBuilder app)
    {
        // Liveness runs no check: the process answers, that is all it says.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Ready),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
