using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;
using Reception.Web.Demo;

namespace Reception.Tests.Web.Demo;

/// <summary>What the demo seeding prints at start, and which settings refuse to start.</summary>
public sealed partial class DemoSeederTests
{
    // As in appsettings.json, where everything is logged from Information.
    private static readonly KeyValuePair<string, string?> BannerLevel = new("Logging:LogLevel:Reception.Web.Demo", "Information");

    private static (ReceptionApp App, LogCapture Logs) Start(Dictionary<string, string?> settings)
    {
        var logs = new LogCapture();
        settings.TryAdd(BannerLevel.Key, BannerLevel.Value); // the tests' apps log warnings only
        var app = new ReceptionApp(Provider.Sqlite, settings, services: s => s.AddSingleton<ILoggerProvider>(logs));
        _ = app.Services; // starts the host: migrations and seeding run now
        return (app, logs);
    }

    [Fact]
    public async Task AConfiguredDemoPasswordIsNeverLogged()
    {
        const string password = "Configured-demo-pass-9";
        var (app, logs) = Start(new() { ["Reception:Demo:Password"] = password });
        await using var _ = app;

        Assert.Contains(logs.Lines, l => l.Contains("Demo logins: desk1 (Desk)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(password, StringComparison.Ordinal));
        await app.TokenAsync("admin", password);   // and it is the demo logins' password
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]   // an environment variable set to nothing
    public async Task AGeneratedDemoPasswordIsLoggedOnceAndSignsIn(string? setting)
    {
        var (app, logs) = Start(new() { ["Reception:Demo:Password"] = setting });
        await using var _ = app;

        var printed = logs.Lines.Select(l => GeneratedPassword().Match(l)).Where(m => m.Success).ToList();
        var password = Assert.Single(printed).Groups[1].Value;
        Assert.NotEqual(ReceptionApp.DemoPassword, password);
        await app.TokenAsync("admin", password);
    }

    [Fact]
    public async Task AtFirstStartOneBlockSaysHowToSignInWithTheLoginsThePasswordAndTheApiKey()
    {
        var (app, logs) = Start(new() { ["Reception:Demo:Password"] = null, ["Reception:Demo:ApiKey"] = null });
        await using var _ = app;

        var banner = Assert.Single(logs.Lines, l => l.Contains("Reception is running", StringComparison.Ordinal));
        Assert.StartsWith("Reception.Web.Demo.StartBanner: \n=====", banner);
        Assert.Contains("Demo logins: desk1 (Desk), desk2 (Desk), manager (Manager), admin (Admin)", banner);
        Assert.Matches(GeneratedPassword(), banner);
        Assert.Contains("(generated; set Reception:Demo:Password to choose it)", banner);
        Assert.Matches(@"\n  API key: +rk_\S+ ", banner);
        // Nothing about the logins is printed anywhere else, so the block is the one place to look.
        Assert.Single(logs.Lines, l => l.Contains("Demo logins", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("rk_", StringComparison.Ordinal) && l != banner);
    }

    [Fact]
    public async Task OnALaterStartTheBlockOnlySaysWhereToGo()
    {
        var database = Path.Combine(Path.GetTempPath(), $"reception-test-{Guid.NewGuid():N}.db");
        var first = new ReceptionApp(Provider.Sqlite, database: database);
        _ = first.Services;
        await first.DisposeAsync();
        var logs = new LogCapture();
        await using var again = new ReceptionApp(Provider.Sqlite, new Dictionary<string, string?> { [BannerLevel.Key] = BannerLevel.Value },
            database, services: s => s.AddSingleton<ILoggerProvider>(logs));

        _ = again.Services;

        var banner = Assert.Single(logs.Lines, l => l.Contains("Reception is running", StringComparison.Ordinal));
        Assert.DoesNotContain("Demo logins", banner);
        File.Delete(database);
    }

    [Theory]
    [InlineData("http://[::]:5080", "http://localhost:5080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://127.0.0.1:6000", "http://127.0.0.1:6000")]
    public void TheBlockNamesAnAddressABrowserCanOpen(string bound, string open)
    {
        var banner = StartBanner.Format([bound], []);

        Assert.Contains($"Reception is running. Open {open} in a browser.", banner);
    }

    [Theory]
    [InlineData("legacy-key-0123456789")]
    [InlineData("RK_upper_case_0123456789")]
    [InlineData(" rk_leading_space_0123456789")]
    public async Task ADemoApiKeyThatCouldNeverSignInRefusesToStartAndSaysWhy(string key)
    {
        var logs = new LogCapture();
        await using var app = new ReceptionApp(Provider.Sqlite, new Dictionary<string, string?> { ["Reception:Demo:ApiKey"] = key },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var refusal = Unwrap(error).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(refusal is not null, $"Not refused by the options' validation: {error}");
        Assert.Contains("Reception:Demo:ApiKey must start with \"rk_\"", refusal.Message);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Demo logins", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADemoApiKeyThatStartsWithRkIsAcceptedAndSignsIn()
    {
        const string key = "rk_configured_demo_key_0123456789";
        var (app, _) = Start(new() { ["Reception:Demo:ApiKey"] = key });
        await using var __ = app;

        using var http = app.ClientWith(key);
        var response = await http.GetAsync("/api/v1/branches/demo/queue", ApiHttp.Timeout());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<Exception> Unwrap(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^  Password: +(Demo-\S+) +\(generated", RegexOptions.Multiline)]
    private static partial Regex GeneratedPassword();
}
