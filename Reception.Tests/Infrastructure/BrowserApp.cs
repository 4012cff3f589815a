using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reception.Testing.Processes;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// The real application on a real loopback port (Kestrel, not the in-memory test server: a browser
/// needs a socket), plus one headless Debian Chromium for the test class. An app of its own, so the
/// in-memory tests' factories keep their TestServer. Every test makes its own branch and logins.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    public BrowserApp()
        : this(null)
    {
    }

    /// <param name="services">More services for this app (a server configured unlike the default).</param>
    /// <remarks>
    /// The port is chosen through configuration, as a person would choose it: listening set in code
    /// (UseKestrel's Listen) would override Reception's default address with a warning.
    /// </remarks>
    protected BrowserApp(Action<IServiceCollection>? services) => App = new ReceptionApp(Provider.Sqlite,
        new Dictionary<string, string?> { ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0", ["Reception:Languages:Pseudo"] = "true" }, services: s =>
    {
        s.AddSingleton<IInterceptor>(Faults);
        services?.Invoke(s);
    });

    public ReceptionApp App { get; }

    /// <summary>Idle unless a test arms it: then the app's change-feed writes fail transiently.</summary>
    public FaultInjector Faults { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        var chromium = Chromium.Locate(Environment.GetEnvironmentVariable(Chromium.Variable));
        App.UseKestrel();
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Chromium.Args,
        });
    }

    /// <summary>A fresh browser profile (its own IndexedDB, service worker and cookies).</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
