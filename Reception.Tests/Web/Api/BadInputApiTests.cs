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

    private static Task<HttpResponseMessage> PostBytesAsync(HttpClient http, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return http.PostAsync(path, content, ApiHttp.Timeout());
    }

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

    public static TheoryData<string, string> NotUtf8 => new()
    {
        { "in a name", "/api/v1/sync/push" },
        { "in a property no one reads", "/api/v1/sync/push" },
        { "at the very end", "/api/v1/sync/push" },
        { "in a name", "/api/v1/sync/actions" },
    };

    [Theory]
    [MemberData(nameof(NotUtf8))]
    public async Task ABodyThatIsNotUtf8Is400SayingSoAndStoresNothing(string where, string path)
    {
        var (branch, http, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var action = device.Register(Guid.NewGuid(), branch.General, "@name");
        var json = path.EndsWith("push", StringComparison.Ordinal)
            ? PushJson(branch, [action])
            : WireJson.Serialize(new { branch = branch.Slug, action });
        var parts = json.Split("\"@name\"");
        byte[] body = where switch
        {
            "in a name" => [.. Encoding.UTF8.GetBytes(parts[0] + "\"Ad"), 0xFF, .. Encoding.UTF8.GetBytes("a\"" + parts[1])],
            "in a property no one reads" => [.. "{\"note\":\""u8, 0xC3, .. Encoding.UTF8.GetBytes("\"," + json.Replace("@name", "Ada")[1..])],
            _ => [.. Encoding.UTF8.GetBytes(json.Replace("@name", "Ada")), 0xE2, 0x82],
        };

        var problem = await (await PostBytesAsync(http, path, body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("The request body is not valid UTF-8 (byte ", problem.Detail());
        Assert.Equal(0, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task ABodyOfManyMultiByteCharactersIsReadWholeWhereverItsChunksEnd()
    {
        var (branch, http, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var names = Enumerable.Range(0, 300).Select(i => $"{i} Zoë 王小明 محمد 😀👍🏽 देवनागरी {new string('é', i % 7)}".Trim()).ToArray();

        var results = await (await http.PushAsync(branch.Slug, names.Select(n => device.Register(Guid.NewGuid(), branch.General, n)).ToArray()))
            .ResultsAsync();

        Assert.All(results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        Assert.Equal(names, results.Select(r => r.Visit!.Name));
    }

    [Fact]
    public async Task ABranchThatIsNotUnicodeIs400SayingWhere()
    {
        var (branch, http, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var json = PushJson(branch, [device.Register(Guid.NewGuid(), branch.General, "Ada")])
            .Replace($"\"{branch.Slug}\"", "\"demo\\ud800\"", StringComparison.Ordinal);

        var problem = await (await http.PostJsonAsync("/api/v1/sync/push", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("The request body has the wrong shape: $.branch is not Unicode text (it holds half of a UTF-16 surrogate pair",
            problem.Detail());
    }

    [Fact]
    public async Task ANulInABranchIsA400ProblemWhereverTheBranchIsNamed()
    {
        var (branch, http, key) = await NewBranchAsync();
        var device = new TestClient(app, branch);

        // A client refuses to send %00 in a path (and Kestrel answers it itself), but other servers and proxies pass it on decoded.
        var inPath = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/api/v1/branches/de\0mo/queue";
            c.Request.Headers.Authorization = "Bearer " + key;
        }, ApiHttp.Timeout());
        var inQuery = await (await http.GetAsync("/api/v1/sync/pull?branch=de%00mo&since=0", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.BadRequest);
        var inBody = await (await http.PostJsonAsync("/api/v1/sync/push",
            PushJson(branch, [device.Register(Guid.NewGuid(), branch.General, "Ada")]).Replace(branch.Slug, "de\\u0000mo"))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((400, "application/problem+json"), (inPath.Response.StatusCode, inPath.Response.ContentType));
        var pathProblem = await JsonSerializer.DeserializeAsync<JsonElement>(inPath.Response.Body, cancellationToken: ApiHttp.Timeout());
        Assert.All([pathProblem.Detail(), inQuery.Detail(), inBody.Detail()],
            d => Assert.StartsWith("The branch slug contains a NUL character (%00", d));
        Assert.Equal(0, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task ANulInAUsernameIs400NamingTheField()
    {
        using var http = app.CreateClient();

        var problem = await (await http.PostJsonAsync("/api/v1/auth/token", """{"username": "desk\u00001", "password": "x"}"""))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("username contains a NUL character (\\u0000).",
            problem.GetProperty("errors").GetProperty("username")[0].GetString());
    }
}

public sealed class SqliteBadInputApiTests(SqliteAppFixture fixture) : BadInputApiTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresBadInputApiTests(PostgresAppFixture fixture) : BadInputApiTests(fixture.App), IClassFixture<PostgresAppFixture>;
