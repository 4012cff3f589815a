using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Web.Infrastructure;
using Reception.Web.Live;

namespace Reception.Web.Display;

/// <summary>The live screens on this instance, by display token, so a revoked token's screens are closed.</summary>
public sealed class DisplayConnections
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byToken = new();

    public void Add(string tokenId, HubCallerContext context) =>
        _byToken.GetOrAdd(tokenId, _ => new())[context.ConnectionId] = context;

    public void Remove(string tokenId, string connectionId)
    {
        if (_byToken.TryGetValue(tokenId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    public IReadOnlyCollection<Guid> Tokens =>
        _byToken.Where(kv => !kv.Value.IsEmpty).Select(kv => Guid.TryParse(kv.Key, out var id) ? id : Guid.Empty).ToList();

    public int CloseAll(Guid tokenId)
    {
        if (!_byToken.TryRemove(tokenId.ToString(), out var connections))
        {
            return 0;
        }

        foreach (var context in connections.Values)
        {
            context.Abort();
        }

        return connections.Count;
    }
}

/// <summary>
/// Closes, within a few seconds, the screens whose token was revoked (or whose branch was closed)
/// since they connected, on whichever instance the admin did it. Reconnecting then fails: the
/// screen says its link is no longer valid.
/// </summary>
public sealed partial class DisplaySweeper(
    DisplayConnections connections, IServiceScopeFactory scopes, IOptions<LiveOptions> options, ILogger<DisplaySweeper> logger)
    : PeriodicSweeper(options)
{
    protected override void SweepFailed(Exception exception) => Log.SweepFailed(logger, exception);

    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        var tokens = connections.Tokens;
        if (tokens.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var valid = await (from t in db.DisplayTokens.AsNoTracking()
                           join b in db.Branches.AsNoTracking() on t.BranchId equals b.Id
                           where tokens.Contains(t.Id) && t.IsActive && t.RevokedAt == null && b.IsActive
                           select t.Id).ToListAsync(cancellationToken);
        foreach (var token in tokens.Except(valid))
        {
            if (connections.CloseAll(token) is > 0 and var closed)
            {
                Log.Closed(logger, token, closed);
            }
        }
    }

    // Event ids 6001-6099 belong to Reception.Web.Display.
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Closed {Count} screen(s) of revoked display token {TokenId}", EventName = "DisplaysClosed")]
        public static partial void Closed(ILogger logger, Guid tokenId, int count);

        [LoggerMessage(6002, LogLevel.Warning, "Checking live screens against revoked display tokens failed", EventName = "DisplaySweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
