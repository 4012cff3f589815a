using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Reception.Data.Model;
using Reception.Sync.Telemetry;
using Reception.Web.Display;
using Reception.Web.Kiosk;
using Reception.Web.Live;
using Reception.Web.Visitors;

namespace Reception.Web.Telemetry;

/// <summary>
/// OpenTelemetry: Reception's own spans and metrics (<see cref="ReceptionTelemetry"/>) with ASP.NET Core,
/// SignalR, HttpClient, Npgsql and Redis instrumentation; OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set; Prometheus text at <c>/metrics</c>. No span or metric carries visitor data: request paths that
/// hold a visitor's code or a link token are recorded as their route (<see cref="PrivatePaths"/>).
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "reception";

    public static WebApplicationBuilder AddReceptionTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(builder.Configuration.GetSection(TelemetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.OtlpEndpointKey]);

        AddConnectionCounts(builder.Services);
        builder.Services.AddHostedService<InboxSampler>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ReceptionTelemetry.Name)
                    .AddAspNetCoreInstrumentation() // http.server.*, kestrel.*, signalr.server.*
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (options.Tracing ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(ReceptionTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath) && !c.Request.Path.StartsWithSegments("/health");
                        o.EnrichWithHttpResponse = PrivatePaths.Redact;
                    })
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddRedisInstrumentation()
                    .ConfigureRedisInstrumentation((services, redis) =>
                        services.GetService<RedisConnection>()?.WhenConnected(m => redis.AddConnection(m)));
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        if (options.MetricsPort is { } port)
        {
            ListenAlsoOn(builder, port);
        }

        return builder;
    }

    /// <summary>
    /// <c>/metrics</c>: admins only on the site's port; or, with <c>Reception:Telemetry:MetricsPort</c>, on that port
    /// alone (which answers nothing else) and not on the site's.
    /// </summary>
    public static WebApplication MapReceptionMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPort is not { } port)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(p => p.RequireRole(Roles.Admin));
            return app;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Connection.LocalPort == port && c.Request.Path == MetricsPath);
        app.Use(next => context =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private static void AddConnectionCounts(IServiceCollection services)
    {
        services.AddSingleton<ILiveConnections>(sp => new LiveConnections(ReceptionTelemetry.ConnectionKinds.Desk,
            () => sp.GetRequiredService<ConnectionRegistry>().Count));
        services.AddSingleton<ILiveConnections>(sp => new LiveConnections(ReceptionTelemetry.ConnectionKinds.Display,
            () => sp.GetRequiredService<DisplayConnections>().Count));
        services.AddSingleton<ILiveConnections>(sp => new LiveConnections(ReceptionTelemetry.ConnectionKinds.Kiosk,
            () => sp.GetRequiredService<KioskConnections>().Count));
        services.AddSingleton<ILiveConnections>(sp => new LiveConnections(ReceptionTelemetry.ConnectionKinds.StatusPage,
            () => sp.GetRequiredService<VisitorWatchers>().Count));
    }

    /// <summary>
    /// The metrics port beside the site's own addresses (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS or the default).
    /// Kestrel endpoints in configuration replace all of these: list the metrics port there yourself.
    /// </summary>
    private static void ListenAlsoOn(WebApplicationBuilder builder, int port)
    {
        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            return;
        }

        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrEmpty(urls) && builder.Configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports)
        {
            urls = string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => $"http://*:{p}"));
        }

        builder.WebHost.UseUrls(string.IsNullOrEmpty(urls) ? $"http://*:{port}" : $"{urls};http://*:{port}");
    }

    private sealed class LiveConnections(string kind, Func<int> count) : ILiveConnections
    {
        public string Kind => kind;
        public int Count => count();
    }
}
