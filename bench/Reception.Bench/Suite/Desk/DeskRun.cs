using Microsoft.Playwright;
using static System.FormattableString;

namespace Reception.Bench.Suite.Desk;

/// <summary>One timed click: the action it made (or "toggle") and its delay.</summary>
internal sealed record Click(string Type, ClickTimer.Delay Delay)
{
    public double Milliseconds => Delay.Total;
}

/// <summary>One run's clicks, in the order clicked.</summary>
internal sealed record DeskSample(string Side, IReadOnlyList<Click> Clicks)
{
    public double Percentile(double p) => Percentile(Clicks.Select(c => c.Milliseconds), p);

    public double Max => Clicks.Max(c => c.Milliseconds);

    public static double Percentile(IEnumerable<double> values, double p) => LatencyRun.Percentile(values.Order().ToArray(), p);

    /// <summary>The figures, then how much of the median the page's own work took (the rest is the wait for a frame), and the slowest clicks.</summary>
    public override string ToString()
    {
        var slowest = string.Join(", ", Clicks.OrderByDescending(c => c.Milliseconds).Take(3)
            .Select(c => Invariant($"{c.Type} {c.Milliseconds:F0} ({c.Delay.Shown:F0})")));
        return Invariant($"{Side}: median {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms, max {Max:F1} ms over {Clicks.Count} clicks; ") +
               Invariant($"shown in the DOM after {Percentile(Clicks.Select(c => c.Delay.Shown), 0.5):F1} ms (median); slowest: {slowest}");
    }
}

/// <summary>
/// One run in a fresh browser profile (its own IndexedDB and service worker): desk1 signs in at
/// 1366×768, waits until the desk is online and ready to work offline, goes offline (Playwright takes
/// the network away), queues <c>prefill</c> actions untimed, then times <c>timed</c> clicks: the
/// desk's actions (<see cref="DeskCycle"/>), or on the baseline side clicks on visitors' names that
/// toggle a class. Offline, nothing leaves the outbox: it holds prefill actions at the first timed
/// click, and the server's queue is the same at the start of every run.
/// </summary>
internal static class DeskRun
{
    public static async Task<DeskSample> RunAsync(IBrowser browser, Uri server, string side, bool baseline, int prefill, int timed,
        int visitors, string names)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(), ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync("desk1");
        await page.GetByLabel("Password").FillAsync(FanoutServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        await page.Locator("#desk[data-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("#badge.badge-online").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("html[data-offline-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await context.SetOfflineAsync(true);
        await page.Locator("#badge.badge-offline").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync(ClickTimer.Install);

        var cycle = new DeskCycle(page, names);
        var shown = (await cycle.VisitIdsAsync()).Length;
        if (shown != visitors)
        {
            throw new BenchFailure($"The desk shows {shown} visitors, not the {visitors} seeded.");
        }

        for (var i = 0; i < prefill; i++)
        {
            await cycle.StepAsync();
        }

        var clicks = new List<Click>(timed);
        if (baseline)
        {
            await page.EvaluateAsync(ClickTimer.Baseline);
            var ids = (await cycle.VisitIdsAsync()).Take(10).ToArray();
            var marked = new HashSet<string>();
            for (var i = 0; i < timed; i++)
            {
                var id = ids[i % ids.Length];
                clicks.Add(await cycle.ToggleAsync(id, marked.Contains(id)));
                if (!marked.Add(id)) marked.Remove(id);
            }
        }
        else
        {
            for (var i = 0; i < timed; i++)
            {
                clicks.Add(await cycle.StepAsync());
            }
        }

        var queued = await page.EvaluateAsync<int>(OutboxSize);
        var expected = prefill + (baseline ? 0 : timed);
        if (queued != expected)
        {
            throw new BenchFailure($"{side}: the outbox holds {queued} actions, not the {expected} clicked.");
        }

        return new DeskSample(side, clicks);
    }

    // Read from IndexedDB itself, not from the page: the page is what is being measured.
    private const string OutboxSize = """
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open('reception-cache');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('pendingActions').objectStore('pendingActions').count();
            count.onsuccess = () => { resolve(count.result); open.result.close(); };
            count.onerror = () => reject(count.error);
          };
        })
        """;
}
