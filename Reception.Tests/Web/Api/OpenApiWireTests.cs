using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>
/// The document against real traffic: what clients send is what it says they may send, every
/// answer is what it says comes back, and what it refuses the server refuses too.
/// </summary>
public sealed class OpenApiWireTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private const string Push = "/api/v1/sync/push";
    private const string One = "/api/v1/sync/actions";
    private const string Pull = "/api/v1/sync/pull";
    private const string Queue = "/api/v1/branches/{branch}/queue";
    private const string Token = "/api/v1/auth/token";

    private readonly ReceptionApp _app = fixture.App;

    [Fact]
    public async Task EveryExampleIsWhatItsSchemaSays()
    {
        var document = await OpenApiSchemas.LoadAsync(_app);
        var examples = 0;

        foreach (var (path, methods) in document.Document["paths"]!.AsObject())
        foreach (var (method, operation) in methods!.AsObject())
        {
            var bodies = new[] { operation!["requestBody"] }
                .Concat(operation["responses"]!.AsObject().Select(r => r.Value))
                .SelectMany(b => b?["content"]?.AsObject().Select(c => c.Value!) ?? []);
            foreach (var media in bodies.Where(m => m["example"] is not null))
            {
                using var example = JsonDocument.Parse(media["example"]!.ToJsonString());
                var errors = document.Errors(media["schema"]!, example.RootElement);
                Assert.True(errors.Count == 0, $"An example of {method} {path} is not what its schema says:\n{string.Join("\n", errors)}");
                examples++;
            }
        }

        Assert.True(examples >= 7, $"{examples} examples");
    }

    [Fact]
    public async Task EveryAnswerOfEveryOperationIsWhatTheDocumentSays()
    {
        var document = await OpenApiSchemas.LoadAsync(_app);
        var branch = await TestBranch.CreateAsync(_app);
        var elsewhere = await TestBranch.CreateAsync(_app);
        var http = _app.ClientWith(await _app.AddApiKeyAsync(branch.Id));
        var deskA = new TestClient(_app, branch);
        var deskB = new TestClient(_app, branch);
        var (ada, grace) = (Guid.NewGuid(), Guid.NewGuid());

        // A request the document allows, unless it is one of the wrong ones sent on purpose.
        async Task<HttpResponseMessage> Send(HttpClient client, string path, object body, bool valid = true)
        {
            var json = JsonSerializer.Serialize(body, WireJson.Options);
            if (valid)
            {
                document.AssertRequest(path, "post", json);
            }

            var response = await client.PostJsonAsync(path, json);
            await document.AssertAnswerAsync(path, "post", response);
            return response;
        }

        async Task<HttpResponseMessage> Get(HttpClient client, string template, string url)
        {
            var response = await client.GetAsync(url, ApiHttp.Timeout());
            await document.AssertAnswerAsync(template, "get", response);
            return response;
        }

        Task<HttpResponseMessage> PushOf(params SyncAction[] actions) =>
            Send(http, Push, new PushRequest { Branch = branch.Slug, Actions = actions });

        // Applied (with and without optional args), a mutation id that skips ahead, a rejected action, a callNext that calls.
        var register = deskA.Register(ada, branch.General, "Ada Lovelace");
        var first = await PushOf(
            register,
            deskA.Register(grace, branch.General, "Grace Hopper", new { phone = "+44 20 7946 0000", notes = "first\nvisit", priority = 1 }),
            new TestClient(_app, branch).Register(Guid.NewGuid(), branch.General, "Later") with { MutationId = 5 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var nameless = deskA.Next(ActionTypes.Register, Guid.NewGuid(), new { serviceId = branch.General });
        await Send(http, Push, new PushRequest { Branch = branch.Slug, Actions = [nameless] }, valid: false);
        // A duplicate, a stale edit's conflict, and calls.
        var edit = deskA.Edit(ada, 1, new { phone = "+44 20 7946 0001" });
        await PushOf(register, edit, deskA.CallNext(branch.Desk1));
        await PushOf(deskB.Edit(ada, 1, new { phone = "+33 1 23 45 67 89" }, new() { ["phone"] = 1 }), deskB.CallNext(branch.Desk2));
        // Every other action type.
        await PushOf(deskA.Next(ActionTypes.Recall, grace, new { deskId = branch.Desk1 }),
            deskA.Next(ActionTypes.StartService, grace, new { deskId = branch.Desk1 }),
            deskA.Next(ActionTypes.Complete, grace),
            deskA.Next(ActionTypes.Transfer, ada, new { serviceId = branch.Billing }),
            deskA.Call(ada, branch.Desk1),
            deskA.Next(ActionTypes.Requeue, ada, new { }),
            deskA.Next(ActionTypes.NoShow, ada));

        // The single action: applied, conflict, rejected.
        var carol = Guid.NewGuid();
        await PushOf(deskA.Register(carol, branch.General, "Carol"));
        Assert.Equal(HttpStatusCode.OK, (await Send(http, One, new { branch = branch.Slug, action = deskA.Call(carol, branch.Desk1) })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Send(http, One, new { branch = branch.Slug, action = deskB.Call(carol, branch.Desk2) })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await Send(http, One, new { branch = branch.Slug, action = deskA.Next(ActionTypes.Cancel, carol, new { deskId = branch.Desk1 }) }, valid: false))
            .StatusCode);

        // Pulls (a snapshot, changes with notifications), the queue, and tokens.
        await Get(http, Pull, $"{Pull}?branch={branch.Slug}&since=0");
        var changes = await Get(http, Pull, $"{Pull}?branch={branch.Slug}&since=1");
        Assert.Contains("\"kind\":\"called\"", await changes.Content.ReadAsStringAsync());
        await Get(http, Queue, $"/api/v1/branches/{branch.Slug}/queue");
        Assert.Equal(HttpStatusCode.OK, (await Send(_app.CreateClient(), Token, new { username = "manager", password = ReceptionApp.DemoPassword })).StatusCode);

        // Refusals as a whole.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(_app.CreateClient(), Token, new { username = "nobody", password = "wrong" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _app.CreateClient().PostJsonAsync(Token, """{"username":"x"}""")).StatusCode);
        await document.AssertAnswerAsync(Token, "post", await _app.CreateClient().PostJsonAsync(Token, """{"username":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, (await Get(http, Pull, $"{Pull}?branch={branch.Slug}&since=9999")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Get(http, Pull, $"{Pull}?branch={elsewhere.Slug}&since=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(http, Queue, "/api/v1/branches/nowhere/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(_app.ClientWith(null), Pull, $"{Pull}?branch={branch.Slug}&since=0")).StatusCode);
        var empty = await http.PostJsonAsync(Push, $$"""{"branch":"{{branch.Slug}}","actions":[]}""");
        await document.AssertAnswerAsync(Push, "post", empty);
        var many = Enumerable.Range(0, 501).Select(_ => deskA.Register(Guid.NewGuid(), branch.General, "Many")).ToArray();
        var tooMany = await http.PushAsync(branch.Slug, many);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        await document.AssertAnswerAsync(Push, "post", tooMany);
    }

    [Fact]
    public async Task WhatTheDocumentRefusesTheServerRefusesToo()
    {
        var document = await OpenApiSchemas.LoadAsync(_app);
        var branch = await TestBranch.CreateAsync(_app);
        var http = _app.ClientWith(await _app.AddApiKeyAsync(branch.Id));
        var device = new TestClient(_app, branch);
        var visit = Guid.NewGuid();
        (await http.PushAsync(branch.Slug, device.Register(visit, branch.General, "Ada"))).EnsureSuccessStatusCode();

        var refused = new Dictionary<string, SyncAction>
        {
            ["no name"] = device.Next(ActionTypes.Register, Guid.NewGuid(), new { serviceId = branch.General }),
            ["a name too long"] = device.Next(ActionTypes.Register, Guid.NewGuid(), new { serviceId = branch.General, name = new string('a', 201) }),
            ["an unknown member"] = device.Next(ActionTypes.Register, Guid.NewGuid(), new { serviceId = branch.General, name = "A", colour = "red" }),
            ["a priority of 2"] = device.Next(ActionTypes.Register, Guid.NewGuid(), new { serviceId = branch.General, name = "A", priority = 2 }),
            ["no desk"] = device.Next(ActionTypes.Call, visit, new { }),
            ["a visit for callNext"] = device.Next(ActionTypes.CallNext, visit, new { deskId = branch.Desk1 }),
            ["an edit of nothing"] = device.Next(ActionTypes.UpdateDetails, visit, new { }, new ActionBase { Version = 1 }),
            ["an edit without base"] = device.Next(ActionTypes.UpdateDetails, visit, new { phone = "1" }),
            ["args for complete"] = device.Next(ActionTypes.Complete, visit, new { deskId = branch.Desk1 }),
            ["an unknown type"] = device.Next("dance", visit),
        };

        foreach (var (what, action) in refused)
        {
            using var json = JsonDocument.Parse(JsonSerializer.Serialize(action, WireJson.Options));
            Assert.True(document.Errors(nameof(SyncAction), json.RootElement).Count > 0, $"the document refuses {what}");
            var result = (await (await http.PushAsync(branch.Slug, action)).ResultsAsync()).Single();
            Assert.True(result.Status == ResultStatus.Rejected, $"the server refuses {what}: {result.Reason}");
        }

        var noActions = JsonNode.Parse($$"""{"branch":"{{branch.Slug}}","actions":[]}""")!;
        var noBranch = JsonNode.Parse("""{"actions":[]}""")!;
        foreach (var request in new[] { noActions, noBranch })
        {
            using var json = JsonDocument.Parse(request.ToJsonString());
            Assert.NotEmpty(document.Errors(nameof(PushRequest), json.RootElement));
            Assert.Equal(HttpStatusCode.BadRequest, (await http.PostJsonAsync("/api/v1/sync/push", request.ToJsonString())).StatusCode);
        }
    }
}
