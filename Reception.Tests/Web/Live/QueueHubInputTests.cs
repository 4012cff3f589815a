using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Live;

/// <summary>Bad input over the hub, with the real SignalR client: a rejected action or an error in words, and the connection stays.</summary>
public abstract class QueueHubInputTests(ReceptionApp app)
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<(TestBranch Branch, HubConnection Hub)> DeskAsync(CancellationToken ct)
    {
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var token = await login.TokenAsync(app, ct);
        var hub = LiveDesk.Connect(app, () => token);
        await hub.StartAsync(ct);
        return (branch, hub);
    }

    /// <summary>A push request as raw JSON bytes, each "@key" placeholder replaced by raw bytes (not necessarily UTF-8).</summary>
    private static RawJson Push(TestBranch branch, SyncAction[] actions, params (string Key, byte[] Raw)[] raw)
    {
        var json = Encoding.UTF8.GetBytes(WireJson.Serialize(new PushRequest { Branch = branch.Slug, Actions = actions }));
        foreach (var (key, bytes) in raw)
        {
            var at = json.AsSpan().IndexOf(Encoding.UTF8.GetBytes($"\"@{key}\""));
            json = [.. json.AsSpan(0, at), .. bytes, .. json.AsSpan(at + key.Length + 3)];
        }

        return new RawJson(json);
    }

    [Fact]
    public async Task AnActionWithTextThatIsNotUnicodeIsRejectedOverTheHubWhileTheBatchGoesOn()
    {
        var ct = Timeout();
        var (branch, hub) = await DeskAsync(ct);
        await using var _ = hub;
        var device = new TestClient(app, branch);
        var good = Guid.NewGuid();
        var request = Push(branch,
            [
                device.Register(good, branch.General, "Ada"),
                device.Register(Guid.NewGuid(), branch.General, "@surrogate"),
                device.Register(Guid.NewGuid(), branch.General, "@bytes"),
                device.Call(good, branch.Desk1),
            ],
            ("surrogate", "\"Ada \\ud800\""u8.ToArray()), ("bytes", [.. "\"Ada "u8, 0xFF, 0xFE, .. "\""u8]));

        var results = (await hub.InvokeAsync<PushResponse>("Push", request, ct)).Results;

        Assert.Equal([ResultStatus.Applied, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Applied], results.Select(r => r.Status));
        Assert.All(results.Skip(1).Take(2), r => Assert.StartsWith("The name contains a broken character (half of a UTF-16 surrogate pair", r.Reason));
        Assert.Equal((good, "called"), (results[3].Visit!.Id, results[3].Visit!.Status));
        Assert.Equal(2, await app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync()));
    }

    [Fact]
    public async Task ArgumentsThatDoNotBindAreAnsweredInWordsAndTheConnectionStays()
    {
        var ct = Timeout();
        var (branch, hub) = await DeskAsync(ct);
        await using var _ = hub;
        var device = new TestClient(app, branch);
        var badId = Push(branch, [device.Register(Guid.NewGuid(), branch.General, "Ada")]);
        badId = new RawJson(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(badId.Utf8).Replace(device.ClientId.ToString(), "me")));
        var badBranch = new RawJson([.. "{\"branch\":\"de"u8, 0xFF, .. "mo\",\"actions\":[]}"u8]);

        var calls = new (Func<Task> Call, string Says)[]
        {
            (() => hub.InvokeAsync<PushResponse>("Push", 42, ct), "Push takes 1 argument, an object (a JSON object). Argument 1 must be an object (a JSON object)."),
            (() => hub.InvokeAsync<PullResponse>("Pull", branch.Slug, 0L, 1, ct), "Pull takes 2 arguments: text (a JSON string), a whole number; this call gave 3."),
            (() => hub.InvokeAsync<PullResponse>("Pull", branch.Slug, ct), "Pull takes 2 arguments: text (a JSON string), a whole number; this call gave 1."),
            (() => hub.InvokeAsync<PullResponse>("Pull", branch.Slug, "soon", ct), "Pull takes 2 arguments: text (a JSON string), a whole number. Argument 2 must be a whole number."),
            (() => hub.InvokeAsync<PushResponse>("Push", badId, ct), "Argument 1 at $.actions[0].clientId must be an id (a GUID"),
            (() => hub.InvokeAsync<PushResponse>("Push", badBranch, ct), "Argument 1 at $.branch is not Unicode text (it holds half of a UTF-16 surrogate pair"),
        };

        foreach (var (call, says) in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains(says, error.Message);
            var code = says.StartsWith("Push", StringComparison.Ordinal) || says.Contains("$.", StringComparison.Ordinal)
                ? ProblemCodes.BatchMalformed : ProblemCodes.BadRequest;
            Assert.Contains($"HubException: [{code}] ", error.Message);
            Assert.DoesNotContain("System.", error.Message);
            Assert.DoesNotContain("InvalidDataException", error.Message);
        }

        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal("still here", await hub.InvokeAsync<string>("Echo", "still here", ct));
    }

    [Fact]
    public async Task ANulInABranchIsRefusedInWordsOverTheHub()
    {
        var ct = Timeout();
        var (_, hub) = await DeskAsync(ct);
        await using var __ = hub;

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<PullResponse>("Pull", "de\0mo", 0L, ct));

        Assert.Contains("The branch slug contains a NUL character", error.Message);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    /// <summary>An argument sent exactly as these bytes: how a client that builds its own JSON (or a broken one) sends it.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    private sealed record RawJson(byte[] Utf8);

    private sealed class RawJsonConverter : JsonConverter<RawJson>
    {
        public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }
}

public sealed class SqliteQueueHubInputTests(SqliteAppFixture fixture) : QueueHubInputTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresQueueHubInputTests(PostgresAppFixture fixture) : QueueHubInputTests(fixture.App), IClassFixture<PostgresAppFixture>;
