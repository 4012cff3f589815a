using Reception.Sync.Apply;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Sync.Merge;

namespace Reception.Tests.Browser;

/// <summary>The browser's queue order (wwwroot/js/model.js) mirrors the server's definition, <see cref="QueuePlace"/>.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QueueOrderBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    /// <summary>
    /// Issued visits as the server sends them; provisional ones as the desk makes them offline
    /// (model.js overlay: arrivedAt is the action's createdAt, in milliseconds).
    /// </summary>
    private static string AsTheBrowserHasThem(IEnumerable<TrickyVisit> visits) => WireJson.Serialize(visits.Select(v => v.IsProvisional
        ? (object)new
        {
            v.Id, v.Ticket, Provisional = true, v.Name, v.Priority, Status = "waiting",
            ArrivedAt = v.ArrivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }
        : Registration.Create(v.Id, Guid.Empty, v.Ticket, v.Name, null, null, v.Priority, v.ArrivedAt, 1, v.ArrivedAt).AsDto("b")));

    [Fact]
    public async Task ModelJsOrdersTheTrickyQueueAsTheServersDefinition()
    {
        var set = TrickyQueue.InQueueOrder();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        var sorted = await page.EvaluateAsync<string[][]>("""
            async json => {
              const { queueOrder, displayOrder } = await import('/js/model.js');
              const visits = JSON.parse(json);
              return [[...visits].sort(queueOrder).map(v => v.name), [...visits].sort(displayOrder).map(v => v.name)];
            }
            """, AsTheBrowserHasThem(set.Reverse()));

        var expected = set.Select(v => v.Name).ToList();
        Assert.Equal(expected, set.Reverse().OrderInQueue(v => v.Place).Select(v => v.Name));
        Assert.Equal(expected, sorted[0]);
        Assert.Equal(expected, sorted[1]);   // the desk's list: all waiting, so the same
    }

    [Fact]
    public async Task ModelJsReadsTicketNumbersAsTheServerDoes()
    {
        string[] labels = ["A-042", "A-1000", "TX-123456789", "A-P1", "A-P10", "A-B-7", "", "42", "A-", "A-P", "A-+5", "A- 5",
            "A-5x", "A-p5", "A-1234567890"];
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        var read = await page.EvaluateAsync<int[][]>("""
            async labels => {
              const { ticketNumber } = await import('/js/model.js');
              return labels.map(ticketNumber);
            }
            """, labels);

        Assert.Equal(labels.Select(l => TicketNumber.Parse(l)).Select(n => new[] { n.IsProvisional ? 1 : 0, n.Value }), read);
    }
}
