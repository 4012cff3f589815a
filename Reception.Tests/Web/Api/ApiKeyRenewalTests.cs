using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Reception.Sync.Access;
using Reception.Tests.Infrastructure;
using Reception.Web.Auth;

namespace Reception.Tests.Web.Api;

/// <summary>
/// API keys in use are renewed in the background, all in one query, so a system pushing every few
/// seconds is never looked up on its requests' path, and a key revoked elsewhere is still refused
/// within the session check.
/// </summary>
public sealed class ApiKeyRenewalTests
{
    // Renewals run every second; an entry lasts two, so a renewal late by up to a second on a busy machine still comes in time.
    private static readonly TimeSpan SessionCheck = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AKeyInUseIsLookedUpOnceThenRenewedInTheBackgroundAndARevocationElsewhereIsStillRefusedWithinTheSessionCheck()
    {
        var queries = new KeyQueries();
        await using var app = new ReceptionApp(Provider.Sqlite,
            new Dictionary<string, string?> { ["Reception:Auth:SessionCheck"] = SessionCheck.ToString() },
            services: s => s.AddSingleton<IInterceptor>(queries));
        var branchId = await app.WithDbAsync(db => db.Branches.Where(b => b.Slug == "demo").Select(b => b.Id).SingleAsync());
        var key = await app.AddApiKeyAsync(branchId, "renewed");
        var client = app.ClientWith(key);

        // Two and a half session checks of steady use, as a legacy system polling the queue.
        var inUse = Stopwatch.StartNew();
        while (inUse.Elapsed < SessionCheck * 2.5)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/branches/demo/queue", ApiHttp.Timeout())).StatusCode);
            await Task.Delay(100);
        }

        Assert.True(queries.OnRequests == 1, string.Join("\n", queries.Seen)); // the first request's only
        Assert.True(queries.Renewals >= 2, $"{queries.Renewals} renewal queries in {inUse.Elapsed.TotalSeconds:F1} s");

        // Revoked by another instance: only the database says so.
        var hash = ApiKeys.Hash(key);
        await app.WithDbAsync(db => db.ApiClients.Where(c => c.KeyHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, DateTime.UtcNow)));
        var revoked = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await client.GetAsync("/api/v1/branches/demo/queue", ApiHttp.Timeout())).StatusCode) == HttpStatusCode.OK
               && revoked.Elapsed < TimeSpan.FromSeconds(10)) // as every credential is held to (docs/protocol.md)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public void ARenewalExtendsOnlyKeysUsedSinceTheLastOneForgetsInvalidOnesAndNeverBringsBackAKeyRevokedHere()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var cache = new ApiKeyCache(Options.Create(new ReceptionAuthOptions { SessionCheck = TimeSpan.FromSeconds(5) }), clock);
        ApiKeyClient Client(string name) => new(Guid.NewGuid(), name, Guid.NewGuid());
        var (used, idle, invalid, revokedHere) = (Client("used"), Client("idle"), Client("invalid"), Client("revoked here"));
        cache.Remember("used", used);
        cache.Remember("idle", idle);
        cache.Remember("invalid", invalid);
        cache.Remember("revoked", revokedHere);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Same(used, cache.Find("used"));
        Assert.Same(invalid, cache.Find("invalid"));
        Assert.Same(revokedHere, cache.Find("revoked"));
        Assert.Equal(["invalid", "revoked", "used"], cache.InUse().Order());

        // The check was made before this instance revoked a key: its answer must not bring the key back.
        var checkedAt = clock.GetUtcNow();
        var inUse = cache.InUse();
        cache.Forget(revokedHere.Id);
        cache.Renew(inUse, new HashSet<string> { "used", "revoked" }, checkedAt);

        Assert.Null(cache.Find("invalid"));
        Assert.Null(cache.Find("revoked"));
        Assert.Empty(cache.InUse()); // renewed keys start a new round unused
        clock.Advance(TimeSpan.FromSeconds(3)); // 6 s after remembering: only the renewed key is still known
        Assert.Same(used, cache.Find("used"));
        Assert.Null(cache.Find("idle"));
        clock.Advance(TimeSpan.FromSeconds(3)); // and it runs out too when no renewal comes
        Assert.Null(cache.Find("used"));
    }

    /// <summary>Counts the API-key lookups: one key's client by its hash (a request's), or the valid hashes among many (a renewal).</summary>
    private sealed class KeyQueries : DbCommandInterceptor
    {
        private int _onRequests, _renewals;

        public int OnRequests => Volatile.Read(ref _onRequests);
        public int Renewals => Volatile.Read(ref _renewals);

        /// <summary>The requests' lookups, for a failure's message.</summary>
        public ConcurrentQueue<string> Seen { get; } = new();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var sql = command.CommandText;
            if (sql.StartsWith("SELECT \"a\".\"KeyHash\"\n", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _renewals); // selects the valid ones among the hashes in use
            }
            else if (sql.Contains("FROM \"ApiClients\"", StringComparison.Ordinal) && sql.Contains("WHERE \"a\".\"KeyHash\" =", StringComparison.Ordinal))
            {
                Seen.Enqueue(sql);
                Interlocked.Increment(ref _onRequests); // one key's client by its hash
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
