using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Production;

/// <summary>PostgreSQL goes away for a few seconds under a stream of pushes from a legacy client.</summary>
public sealed class PostgresOutageTests
{
    [Fact]
    public async Task PushesDuringAnOutageAreAppliedOrRefusedAsTransientAndAfterRetriesNothingIsLostOrDoubled()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;
        await using var pg = await PostgresServer.StartPrivateAsync(ct);
        await pg.CreateDatabaseAsync("reception", ct);
        await using var app = new ReceptionApp(Provider.Postgres, database: pg.ConnectionString("reception"));
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReceptionApp.DemoApiKey);
        http.Timeout = TimeSpan.FromSeconds(15);
        var snapshot = await http.GetFromJsonAsync<PullResponse>("/api/v1/sync/pull?branch=demo&since=0", WireJson.Options, ct);
        var service = snapshot!.Snapshot!.Services[0].Id;

        const int count = 40;
        var clientId = Guid.NewGuid();
        var outbox = new Queue<object>(Enumerable.Range(1, count).Select(i => (object)new
        {
            clientId, mutationId = i, type = "register", visitId = Guid.NewGuid(), args = new { serviceId = service, name = $"Visitor {i}" },
        }));
        var statuses = new List<string>();
        var refused = 0;
        Task? outage = null;

        while (outbox.Count > 0)
        {
            if (statuses.Count == 10 && outage is null)
            {
                await pg.StopAsync(ct);
                outage = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(3), ct);
                    await pg.StartAsync(ct);
                }, ct);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync("/api/v1/sync/push", new { branch = "demo", actions = new[] { outbox.Peek() } }, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                refused++; // no answer at all: a transient error too, the client keeps the action
                continue;
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused++;
                Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to try again");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                await Task.Delay(200, ct);
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = (await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, ct))!.Results.Single();
            Assert.True(result.Status is ResultStatus.Applied or ResultStatus.Deferred or ResultStatus.Duplicate,
                $"action {statuses.Count + 1}: {result.Status}: {result.Reason}");
            statuses.Add(result.Status);
            outbox.Dequeue();
        }

        await outage!;
        Assert.True(refused > 0, "the outage was never hit: the test proved nothing");

        // Deferred actions are applied by the background retry once the database is back.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await app.WithDbAsync(db => db.Inbox.AnyAsync(i => i.Status == InboxStatus.Pending, ct)))
        {
            Assert.True(DateTime.UtcNow < until, "deferred actions were still pending after 60 s");
            await Task.Delay(200, ct);
        }

        var applied = await app.WithDbAsync(db => db.Changes.Where(c => c.ClientId == clientId)
            .Select(c => c.MutationId!.Value).ToListAsync(ct));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), applied.Order());
        Assert.Equal(count, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.Name.StartsWith("Visitor "), ct)));
        var ledger = await app.WithDbAsync(db => db.ClientLedgers.SingleAsync(l => l.ClientId == clientId, ct));
        Assert.Equal(count, ledger.LastMutationId);
    }

    [Fact]
    public async Task AHubHandshakeWhileTheDatabaseIsDownAnswers503WithRetryAfterAndConnectsOnceItIsBack()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;
        await using var pg = await PostgresServer.StartPrivateAsync(ct);
        await pg.CreateDatabaseAsync("reception", ct);
        await using var app = new ReceptionApp(Provider.Postgres, database: pg.ConnectionString("reception"));
        using var http = app.CreateClient();
        var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "desk1", password = ReceptionApp.DemoPassword }, ct);
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Task<HttpResponseMessage> NegotiateAsync() => http.PostAsync("/hubs/queue/negotiate?negotiateVersion=1", null, ct);
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync()).StatusCode);

        // Checking the token needs the login's current state from the database.
        await pg.StopAsync(ct);
        var down = await NegotiateAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(down.Headers.RetryAfter is not null, "a 503 says when to try again");
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);

        await pg.StartAsync(ct);
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await NegotiateAsync()).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < until, "the hub still refused the desk 30 s after the database came back");
            await Task.Delay(200, ct);
        }
    }
}
