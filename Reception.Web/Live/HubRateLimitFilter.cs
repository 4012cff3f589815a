using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Reception.Sync.Wire;
using Reception.Web.Api;
using Reception.Web.Auth;

namespace Reception.Web.Live;

/// <summary>Hub calls count against the same per-client budget as REST pushes.</summary>
public sealed class HubRateLimitFilter(IOptions<RateLimitOptions> options) : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var key = invocationContext.Context.User?.ClientKey() ?? invocationContext.Context.ConnectionId;
        using var lease = _limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
            throw HubErrors.Of(ProblemCodes.RateLimited, ProblemDetail.Of(ProblemDetailCodes.HubTooManyRequests, ("seconds", wait)));
        }

        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();
}
