using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>
/// Every refusal a client acts on carries its stable code (docs/protocol.md, "Problem codes"): REST
/// problems as "code" and type "/problems/{code}", hub errors as a leading "[code]", and a refused
/// mutation id as expectedMutationId. Clients decide by these, never by the words.
/// </summary>
public abstract class ProblemCodeTests(ReceptionApp app)
{
    private static async Task AssertCodeAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ProblemAsync(status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypeOf(code), problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task EachWholeRequestRefusalOverRestCarriesItsCode()
    {
        var branch = await TestBranch.CreateAsync(app);
        var other = await TestBranch.CreateAsync(app);
        var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var device = new TestClient(app, branch);
        var tooMany = Enumerable.Range(0, 501).Select(_ => device.Register(Guid.NewGuid(), branch.General, "Many")).ToArray();

        await AssertCodeAsync(await http.PostJsonAsync("/api/v1/sync/push", $$"""{"branch":"{{branch.Slug}}","actions":[]}"""),
            HttpStatusCode.BadRequest, ProblemCodes.BatchMalformed);
        await AssertCodeAsync(await http.PostJsonAsync("/api/v1/sync/push", $$"""{"branch":"{{branch.Slug}}","actions":[null]}"""),
            HttpStatusCode.BadRequest, ProblemCodes.BatchMalformed);
        await AssertCodeAsync(await http.PushAsync(branch.Slug, tooMany), HttpStatusCode.RequestEntityTooLarge, ProblemCodes.BatchTooLarge);
        await AssertCodeAsync(await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=99", ApiHttp.Timeout()),
            HttpStatusCode.BadRequest, ProblemCodes.FeedAhead);
        await AssertCodeAsync(await http.GetAsync($"/api/v1/sync/pull?branch={other.Slug}&since=0", ApiHttp.Timeout()),
            HttpStatusCode.Forbidden, ProblemCodes.ForbiddenBranch);
        await AssertCodeAsync(await http.GetAsync("/api/v1/sync/pull?branch=nowhere&since=0", ApiHttp.Timeout()),
            HttpStatusCode.NotFound, ProblemCodes.NotFound);
        await AssertCodeAsync(await app.ClientWith(null).GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ApiHttp.Timeout()),
            HttpStatusCode.Unauthorized, ProblemCodes.Unauthenticated);
    }

    [Fact]
    public async Task AMutationIdThatSkipsAheadOrIsReusedIsRefusedWithTheIdTheServerExpects()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var device = new TestClient(app, branch);
        var first = device.Register(Guid.NewGuid(), branch.General, "One");
        (await http.PushAsync(branch.Slug, first)).EnsureSuccessStatusCode();

        var ahead = device.Register(Guid.NewGuid(), branch.General, "Three") with { MutationId = 3 };
        var reused = first with { VisitId = Guid.NewGuid() };
        var results = await (await http.PushAsync(branch.Slug, ahead)).ResultsAsync();
        var again = await (await http.PushAsync(branch.Slug, reused)).ResultsAsync();

        Assert.Equal((ResultStatus.Rejected, 2L), (results.Single().Status, results.Single().ExpectedMutationId));
        Assert.Equal((ResultStatus.Rejected, 2L), (again.Single().Status, again.Single().ExpectedMutationId));
    }

    [Fact]
    public async Task OverTheHubARefusalStartsWithItsCode()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(app, await login.TokenAsync(app, ct), branch.Slug, ct);

        var empty = await Assert.ThrowsAsync<HubException>(() => desk.PushAsync(ct));
        var ahead = await Assert.ThrowsAsync<HubException>(() => desk.PullAsync(99, ct));
        var elsewhere = await Assert.ThrowsAsync<HubException>(() => desk.Connection.InvokeAsync<JsonElement>("Subscribe", "nowhere", ct));

        // The client library puts its own words first; the server's message starts with the code.
        Assert.Contains($"HubException: [{ProblemCodes.BatchMalformed}] ", empty.Message);
        Assert.Contains($"HubException: [{ProblemCodes.FeedAhead}] ", ahead.Message);
        Assert.Contains($"HubException: [{ProblemCodes.NotFound}] ", elsewhere.Message);
    }
}

public sealed class SqliteProblemCodeTests(SqliteAppFixture fixture) : ProblemCodeTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresProblemCodeTests(PostgresAppFixture fixture) : ProblemCodeTests(fixture.App), IClassFixture<PostgresAppFixture>;
