using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Infrastructure;

/// <summary>
/// A setting out of its range, or not of its type, refuses to start, before anything is migrated or
/// seeded, and the refusal names the key to fix (STYLE.md "Options": validated at start).
/// </summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Reception:Jobs:Workers", "0")]
    [InlineData("Reception:Jobs:Workers", "65")]
    [InlineData("Reception:Jobs:Workers", "many")]
    [InlineData("Reception:Jobs:PollSeconds", "0")]
    [InlineData("Reception:Jobs:PollSeconds", "0.05")]
    [InlineData("Reception:Jobs:RetentionCron", "hourly")]
    [InlineData("Reception:Live:SweepSeconds", "0")]
    [InlineData("Reception:Live:SweepSeconds", "-5")]
    [InlineData("Reception:Live:SweepSeconds", "61")]
    [InlineData("Reception:Sqlite", "Data Sorce=reception.db")]
    [InlineData("Reception:Sqlite", "Mode=ReadWriteCreate")]
    [InlineData("Reception:TrustForwardedHeaders", "yes")]
    public async Task ABadSettingRefusesToStartBeforeTouchingTheDatabaseAndNamesItsKey(string key, string value)
    {
        var logs = new LogCapture();
        await using var app = new ReceptionApp(Provider.Sqlite, new Dictionary<string, string?> { [key] = value },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.True(Unwrap(error).Any(e => e.Message.Contains(key, StringComparison.Ordinal)), $"The refusal does not name {key}: {error}");
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Demo logins", StringComparison.Ordinal)); // nothing seeded
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
}
