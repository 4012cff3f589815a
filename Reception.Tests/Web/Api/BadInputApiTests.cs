using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>
/// Input no one should send (text that is not Unicode, invisible direction controls, NUL in an
/// address) over REST, on each provider: a refusal a person can act on, never a 500.
/// </summary>
public abstract class BadInputApiTests(ReceptionApp app)
{
    private async Task<(TestBranch Branch, HttpClient Http, string Key)> NewBranchAsync()
    {
        var branch = await TestBranch.CreateAsync(app);
        var key = await app.AddApiKeyAsync(branch.Id);
        return (branch, app.ClientWith(key), key);
    }

    private Task<long> FeedVersionAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync());

    /// <summary>The JSON of a push, with each "@key" (a placeholder sent as a name, phone or notes) replaced by raw JSON text.</summary>
    private static string PushJson(TestBranch branch, SyncAction[] actions, params (string Key, string Json)[] raw) =>
        raw.Aggregate(WireJson.Serialize(new PushRequest { Branch = branch.Slug, Actions = actions }),
            (json, r) => json.Replace($"\"@{r.Key}\"", r.Json, StringComparison.Ordinal));

    [Fact]
    public async Task EachActionHoldingTextThatIsNotUnicodeOrADirectionControlIsRejectedByFieldWhileTheOthersApplyExactlyOnce()
    {
        var (branch, http, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var good = Guid.NewGuid();
        var json = PushJson(branch,
            [
                device.Register(good, branch.General, "Ada"),
                device.Register(Guid.NewGuid(), branch.General, "@name"),
                device.Edit(good, 1, new { notes = "@notes" }),
                device.Register(Guid.NewGuid(), branch.General, "Grace", new { phone = "@phone" }),
                device.Register(Guid.NewGuid(), branch.General, "Ada\u202Eecila"),
                device.Call(good, branch.Desk1),
            ],
            ("name", "\"\\ud800\""), ("notes", "\"side \\udc00door\""), ("phone", "\"+44 \\ud83d\""));

        var first = await (await http.PostJsonAsync("/api/v1/sync/push", json)).ResultsAsync();
        var again = await (await http.PostJsonAsync("/api/v1/sync/push", json)).ResultsAsync();

        Assert.Equal(
            [ResultStatus.Applied, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Applied],
            first.Select(r => r.Status));
        Assert.StartsWith("The name contains a broken character (half of a UTF-16 surrogate pair", first[1].Reason);
        Assert.StartsWith("The notes contains a broken character", first[2].Reason);
        Assert.StartsWith("The phone contains a broken character", first[3].Reason);
        Assert.StartsWith("The name contains an invisible direction control (right-to-left override, U+202E)", first[4].Reason);
        Assert.All(first.Where(r => r.Status == ResultStatus.Rejected), r => Assert.Equal(422, r.Code));
        Assert.All(again, r => Assert.Equal(ResultStatus.Duplicate, r.Status));
        Assert.Equal(first.Select(WireJson.Serialize), again.Select(r => WireJson.Serialize(r.Original)));
        Assert.Equal(2, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task TheSingleActionEndpointAnswers422WithTheReasonForALoneSurrogate()
    {
        var (branch, http, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var json = WireJson.Serialize(new { branch = branch.Slug, action = device.Register(Guid.NewGuid(), branch.General, "@name") })
            .Replace("\"@name\"", "\"Ada \\udfff\"", StringComparison.Ordinal);

        var rejected = await (await http.PostJsonAsync("/api/v1/sync/actions", json)).BodyAsync<ActionResult>(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(ResultStatus.Rejected, rejected.Status);
        Assert.StartsWith("The name contains a broken character", rejected.Reason);
        Assert.Equal(0, await FeedVersionAsync(branch));
    }
}

public sealed class SqliteBadInputApiTests(SqliteAppFixture fixture) : BadInputApiTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresBadInputApiTests(PostgresAppFixture fixture) : BadInputApiTests(fixture.App), IClassFixture<PostgresAppFixture>;
