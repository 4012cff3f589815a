using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Web.Infrastructure;

namespace Reception.Web.Live;

/// <summary>The live connections on this instance opened with a link token (a display's, a kiosk's), by token, so a revoked token's connections are closed.</summary>
public abstract class TokenConnections
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

    /// <summary>The live connections here, for <c>reception.connections</c>.</summary>
    public int Count => _byToken.Values.Sum(c => c.Count);

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
/// Closes, within a few seconds, the connections whose token was revoked (or whose branch was
/// closed) since they connected, on whichever instance the admin did it. Reconnecting then fails
/// (401): the screen or kiosk says its link is no longer valid.
/// </summary>
public abstract class TokenSweeper(TokenConnections connections, IServiceScopeFactory scopes, IOptions<LiveOptions> options)
    : PeriodicSweeper(options)
{
    /// <summary>Which of <paramref name="tokens"/> are still active, of an open branch.</summary>
    protected abstract Task<List<Guid>> StillValidAsync(ReceptionDbContext db, IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken);

    protected abstract void Closed(Guid tokenId, int count);

    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        var tokens = connections.Tokens;
        if (tokens.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var valid = await StillValidAsync(scope.ServiceProvider.GetRequiredService<ReceptionDbContext>(), tokens, cancellationToken);
        foreach (var token in tokens.Except(valid))
        {
            if (connections.CloseAll(token) is > 0 and var closed)
            {
                Closed(token, closed);
            }
        }
    }
}
