using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Reception.Sync.Wire;
using Reception.Testing.Processes;
using static System.FormattableString;

namespace Reception.Bench.Suite.Desk;

/// <summary>
/// How fast the desk shows its own actions: the real /desk page in Debian's Chromium (Playwright),
/// desk1 offline with 30 visitors on screen and 50 actions in its outbox, each click timed inside the
/// page until the frame that shows its effect (<see cref="ClickTimer"/>), beside the same page
/// rendering a plain DOM change on a click. The server is a real Reception.Web process; it only
/// serves the page and the 30 visitors, registered once over REST by desk2.
/// </summary>
internal sealed class DeskScenario : ISuiteScenario
{
    private const int Visitors = 30;
    private const int Prefill = 50;
    private const int Clicks = 100;
    private const string Unit = "ms";

    // Under a millisecond apart says nothing about a click: a frame is 16.7 ms.
    private const double NoiseFloor = 2;

    public string Name => "desk";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        var token = context.Token;
        var chromium = Chromium.Locate(Environment.GetEnvironmentVariable(Chromium.Variable));
        var database = await context.NewDatabaseAsync();
        await using var server = await FanoutServer.StartAsync(Name, database, redis: null, FanoutSecrets.New(), token);
        await SeedAsync(server.BaseAddress, token);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = Chromium.Args,
        });

        var runs = 0;
        Func<Task<DeskSample>> Side(string side, bool baseline) => () =>
        {
            token.ThrowIfCancellationRequested();
            return DeskRun.RunAsync(browser, server.BaseAddress, side, baseline, Prefill, Clicks, Visitors, $"Walk-in {++runs}");
        };

        var (actions, toggles) = await Abba.RunAsync(context.Rounds, Side("desk actions", false), Side("class toggle", true),
            (label, sample) => context.Log.WriteLine($"     {label,-18} {sample}"));

        Figure Measure(string measure, Func<DeskSample, double> of, Target? target, string? note = null) =>
            new(Name, $"click → rendered, {measure}", Unit, Stats.Of(actions.Select(of)), "class toggle on a card",
                Stats.Of(toggles.Select(of)), target, note, NoiseFloor);

        return
        [
            Measure("median", s => s.Percentile(0.5), Target.AtMost(30, "≤ 30 ms"), Note(actions)),
            Measure("p95", s => s.Percentile(0.95), null),
            Measure("max", s => s.Max, Target.EveryRunAtMost(100, "≤ 100 ms in every run")),
        ];
    }

    private static string Note(IReadOnlyList<DeskSample> actions)
    {
        var byType = actions.SelectMany(s => s.Clicks).GroupBy(c => c.Type)
            .Select(g => Invariant($"{g.Key} {DeskSample.Percentile(g.Select(c => c.Milliseconds), 0.5):F1}"));
        return Invariant($"The /desk page in Chromium at 1366×768, offline, {Visitors} visitors on screen, {Prefill} actions queued before ") +
               Invariant($"the first of {Clicks} timed clicks per run (register, call, start, complete, edit, no-show, cancel in turn); ") +
               "from the click's event.timeStamp to the animation frame after the page shows its effect. " +
               $"Medians per action over all runs (ms): {string.Join(", ", byType)}.";
    }

    /// <summary>Registers the visitors over REST as desk2, alternately for each service, in one push.</summary>
    private static async Task SeedAsync(Uri server, CancellationToken cancellationToken)
    {
        var bearer = await FanoutSetup.TokenAsync(server, "desk2", cancellationToken);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var pull = await http.GetFromJsonAsync<PullResponse>($"/api/v1/sync/pull?branch={FanoutSetup.Branch}&since=0", WireJson.Options,
            cancellationToken);
        var services = pull?.Snapshot?.Services.OrderBy(s => s.Prefix).Select(s => s.Id).ToArray()
            ?? throw new BenchFailure("The demo branch answered no snapshot.");
        var clientId = Guid.NewGuid();
        var actions = Enumerable.Range(1, Visitors).Select(n => new SyncAction
        {
            ClientId = clientId, MutationId = n, Type = ActionTypes.Register, VisitId = Guid.NewGuid(),
            Args = JsonSerializer.SerializeToElement(new { serviceId = services[n % services.Length], name = $"Visitor {n:00}" }, WireJson.Options),
        }).ToList();
        using var response = await http.PostAsJsonAsync("/api/v1/sync/push", new PushRequest { Branch = FanoutSetup.Branch, Actions = actions },
            WireJson.Options, cancellationToken);
        var results = response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, cancellationToken))?.Results ?? []
            : throw new BenchFailure($"Seeding the visitors answered {(int)response.StatusCode}.");
        if (results.Count != Visitors || results.Any(r => r.Status != ResultStatus.Applied))
        {
            throw new BenchFailure("Seeding the visitors: not every register was applied.");
        }
    }
}
