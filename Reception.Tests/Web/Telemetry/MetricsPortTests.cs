using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Reception.Tests.Infrastructure;
using Reception.Web.Telemetry;

namespace Reception.Tests.Web.Telemetry;

/// <summary>
/// With <c>Reception:Telemetry:MetricsPort</c>, a Prometheus server inside the private network scrapes that
/// port without a login; the site's own port has no /metrics, and the metrics port serves nothing else.
/// </summary>
public sealed class MetricsPortTests : IAsyncLifetime
{
    private readonly int _metricsPort = FreePort();
    private ReceptionApp _app = null!;
    private Uri _site = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(Provider.Sqlite, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Metrics:Url"] = $"http://127.0.0.1:{_metricsPort}",
            ["Reception:Telemetry:MetricsPort"] = _metricsPort.ToString(),
        });
        _app.UseKestrel();
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _site = new Uri(addresses.Single(a => !a.EndsWith($":{_metricsPort}", StringComparison.Ordinal)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheMetricsPortAnswersPrometheusTextWithoutALoginAndNothingElse()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var metrics = new Uri($"http://127.0.0.1:{_metricsPort}");

        var scrape = await http.GetAsync(new Uri(metrics, TelemetryExtensions.MetricsPath));
        var text = await scrape.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("reception_connections{", text);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/login"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/health/ready"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_site, TelemetryExtensions.MetricsPath))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(_site, "/login"))).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
