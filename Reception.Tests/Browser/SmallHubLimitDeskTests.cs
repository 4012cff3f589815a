using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Web.Live;

namespace Reception.Tests.Browser;

/// <summary>
/// The desk against a hub that closes the connection over any message of more than 32 KB (SignalR's
/// default, which this server had; a proxy on the way may have a limit of its own).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallHubLimitDeskTests(SmallHubLimitBrowserApp browser) : IClassFixture<SmallHubLimitBrowserApp>
{
    [Fact]
    public async Task WhenTheServerClosesTheConnectionOverABatchTheDeskSendsHalfAsManyUntilEveryActionIsApplied()
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(browser.App, branch, Roles.Desk, branch.Desk1));

        // About 43 KB as one push: the first attempt cannot get through.
        var visitors = await LongNotes.RegisterOfflineAsync(context, desk, 20);
        await context.SetOfflineAsync(false);

        await LongNotes.ExpectAppliedOnceAsync(browser.App, branch, desk, visitors);
        var closes = browser.App.Services.GetRequiredService<OversizeCloses>().Count;
        Assert.True(closes >= 1, "The server never closed a connection over a message too large: the test did not test halving.");
    }
}

public sealed class SmallHubLimitBrowserApp() : BrowserApp(services =>
{
    services.AddSingleton<OversizeCloses>();
    services.PostConfigure<HubOptions<QueueHub>>(o =>
    {
        o.MaximumReceiveMessageSize = 32 * 1024;
        o.AddFilter<OversizeCloses>();
    });
});

/// <summary>Counts the connections the hub closed over a message larger than its limit.</summary>
public sealed class OversizeCloses : IHubFilter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (exception is InvalidDataException) Interlocked.Increment(ref _count);
        return next(context, exception);
    }
}
