using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reception.Testing.Processes;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// The real application on a real loopback port (Kestrel, not the in-memory test server: a browser
/// needs a socket), plus the headless Debian Chromium. An app of its own, so the in-memory tests'
/// factories keep their TestServer. Every test makes its own branch and logins. Chromium is started
/// once for all the browser classes (they run one after another, BrowserCollection): each class
/// leaves it with none of its browser profiles open.
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

    private static readonly SemaphoreSlim Launching = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _chromium;

    public async Task InitializeAsync()
    {
        var chromium = Chromium.Locate(Environment.GetEnvironmentVariable(Chromium.Variable));
        App.UseKestrel();
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await ChromiumAsync(chromium);
    }

    /// <summary>The one Chromium, started by the first class that needs it (again if it went away); it ends with the test run.</summary>
    private static async Task<IBrowser> ChromiumAsync(string executable)
    {
        await Launching.WaitAsync();
        try
        {
            if (_chromium is { IsConnected: true })
            {
                return _chromium;
            }

            _playwright ??= await Playwright.CreateAsync();
            _chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Chromium.Args,
            });
            return _chromium;
        }
        finally
        {
            Launching.Release();
        }
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
        // What the class left open (a profile a failed test never closed) must not keep running
        // beside the next class: each of its pages still polls this app.
        foreach (var context in Browser?.Contexts.ToList() ?? [])
        {
            await context.CloseAsync();
        }

        await App.DisposeAsync();
    }
}
