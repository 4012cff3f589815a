using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;

namespace Reception.Web.Auth;

/// <summary>
/// Every half SessionCheck, checks the API keys used since its last round in one query and renews
/// or forgets them in the <see cref="ApiKeyCache"/>, so keys in use are never looked up on a
/// request's path, and a key revoked on another instance is refused here within half a
/// SessionCheck. A failed round (the database briefly away) renews nothing: the keys then run out
/// and are looked up by their next request, as without renewal.
/// </summary>
public sealed partial class ApiKeyRenewal(
    ApiKeyCache cache, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ApiKeyRenewal> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (cache.Lifetime <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(cache.Lifetime / 2);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RenewAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RenewalFailed(logger, e);
            }
        }
    }

    /// <summary>One round: the keys in use, checked at once.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        var hashes = cache.InUse();
        var checkedAt = clock.GetUtcNow(); // before the query: what it says holds from no later than this
        var valid = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
            valid.UnionWith(await db.ApiClients.AsNoTracking()
                .Where(c => hashes.Contains(c.KeyHash) && c.IsActive && c.RevokedAt == null)
                .Select(c => c.KeyHash).ToListAsync(cancellationToken));
        }

        cache.Renew(hashes, valid, checkedAt);
    }

    // Event ids 3001-3099 belong to Reception.Web.Auth (AuthLog); 3090-3099 to the API key renewal.
    private static partial class Log
    {
        [LoggerMessage(3090, LogLevel.Warning, "Renewing the API keys in use failed; they will be looked up again when they run out",
            EventName = "ApiKeyRenewalFailed")]
        public static partial void RenewalFailed(ILogger logger, Exception exception);
    }
}
