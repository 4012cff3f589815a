using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Infrastructure;
using Reception.Web.Languages;
using Reception.Web.Live;

namespace Reception.Tests.Web.Live;

/// <summary>
/// A hub's errors are in the language of the request that opened the connection (Accept-Language
/// here, the picker's cookie in a browser), over a real WebSocket on Kestrel: the culture
/// RequestLocalization set for it flows into every invocation and into the protocol's parsing. The
/// leading [code] is the same in every language.
/// </summary>
public sealed class QueueHubLanguageTests(KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<(TestBranch Branch, HubConnection English, HubConnection German)> DesksAsync(CancellationToken ct)
    {
        var branch = await TestBranch.CreateAsync(fixture.App);
        var login = await TestLogin.CreateAsync(fixture.App, branch, Roles.Desk, branch.Desk1);
        var token = await login.TokenAsync(fixture.App, ct);
        var english = Connect(token, null);
        var german = Connect(token, "de-DE,de;q=0.9");
        await english.StartAsync(ct);
        await german.StartAsync(ct);
        return (branch, english, german);
    }

    private HubConnection Connect(string? token, string? acceptLanguage, string path = LiveExtensions.HubPath) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.BaseAddress, path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;   // the WebSocket request itself is the one whose language counts
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (acceptLanguage is not null) o.Headers["Accept-Language"] = acceptLanguage;
            })
            .Build();

    private static async Task<string> ErrorOf(Func<Task> call) =>
        (await Assert.ThrowsAsync<HubException>(call)).Message.Replace("An unexpected error occurred invoking", "").Trim();

    private static string Served(string message) => message[(message.IndexOf("HubException: ", StringComparison.Ordinal) is var at and >= 0 ? at + 14 : 0)..];

    [Fact]
    public async Task AGermanSpeakingClientGetsTheEnginesRefusalInGermanWithTheSameCode()
    {
        var ct = Timeout();
        var (_, english, german) = await DesksAsync(ct);
        await using var e = english;
        await using var g = german;

        var inEnglish = Served(await ErrorOf(() => english.InvokeAsync<BranchFeed>("Subscribe", "nowhere", ct)));
        var inGerman = Served(await ErrorOf(() => german.InvokeAsync<BranchFeed>("Subscribe", "nowhere", ct)));

        Assert.StartsWith("[not-found] ", inEnglish);
        Assert.StartsWith("[not-found] ", inGerman);
        Assert.Equal("[not-found] Not Found: There is no branch 'nowhere'. Check the branch slug.", inEnglish);
        Assert.Equal("[not-found] Nicht gefunden: Es gibt keine Filiale „nowhere“. Prüfen Sie das Kürzel der Filiale.", inGerman);
        Assert.Equal(HubConnectionState.Connected, german.State);
    }

    [Fact]
    public async Task ArgumentsThatDoNotBindAreDescribedInGermanWithTheSameCode()
    {
        var ct = Timeout();
        var (branch, english, german) = await DesksAsync(ct);
        await using var e = english;
        await using var g = german;

        var inEnglish = Served(await ErrorOf(() => english.InvokeAsync<PullResponse>("Pull", branch.Slug, "soon", ct)));
        var inGerman = Served(await ErrorOf(() => german.InvokeAsync<PullResponse>("Pull", branch.Slug, "soon", ct)));
        var tooMany = Served(await ErrorOf(() => german.InvokeAsync<PullResponse>("Pull", branch.Slug, 0L, 1, ct)));

        Assert.Equal("[bad-request] Pull takes 2 arguments: text (a JSON string), a whole number. Argument 2 must be a whole number.", inEnglish);
        var takes = Texts.Get("de", "problems.hub-takes-many", new Dictionary<string, object>
        {
            ["target"] = "Pull", ["count"] = 2,
            ["expected"] = $"{Texts.Get("de", "problems.expected.text")}, {Texts.Get("de", "problems.expected.number")}",
        });
        var error = Texts.Get("de", "problems.field-type", new Dictionary<string, object> { ["expected"] = Texts.Get("de", "problems.expected.number") });
        Assert.Equal("[bad-request] " + Texts.Get("de", "problems.hub-argument", new Dictionary<string, object> { ["takes"] = takes, ["index"] = 2, ["error"] = error }),
            inGerman);
        Assert.Equal("[bad-request] Pull nimmt 2 Argumente: Text (ein JSON-String), eine ganze Zahl. Argument 2: muss eine ganze Zahl sein.", inGerman);
        Assert.StartsWith("[bad-request] Pull nimmt 2 Argumente", tooMany);
        Assert.EndsWith("dieser Aufruf gab 3.", tooMany);
    }

    [Fact]
    public async Task AVisitorsPhoneInSpanishIsToldInSpanishThatItsLinkOpensNoVisit()
    {
        var ct = Timeout();
        await using var phone = Connect(null, "es-ES,es;q=0.9", Reception.Web.Visitors.VisitorExtensions.HubPath);
        await phone.StartAsync(ct);

        var said = Served(await ErrorOf(() => phone.InvokeAsync<object>("Watch", Reception.Sync.Visitors.VisitCodes.New(), ct)));

        Assert.Equal($"[not-found] {Texts.Get("es", "problems.not-found.title")}: {Texts.Get("es", "problems.visit-link-unknown")}", said);
        Assert.StartsWith("[not-found] No encontrado: Este enlace no abre ninguna visita.", said);
    }
}
