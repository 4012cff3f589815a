using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Live;

/// <summary>
/// The live connections of each signed-in user on this instance, so that logging out or
/// disabling a user closes them at once instead of when the cookie expires.
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byUser = new();

    public void Add(string userKey, HubCallerContext context) =>
        _byUser.GetOrAdd(userKey, _ => new())[context.ConnectionId] = context;

    public void Remove(string userKey, string connectionId)
    {
        if (_byUser.TryGetValue(userKey, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    /// <summary>The live connections here (the queue hub's), for <c>reception.connections</c>.</summary>
    public int Count => _byUser.Values.Sum(c => c.Count);

    /// <summary>The users with at least one live connection here.</summary>
    public IReadOnlyCollection<string> Users => _byUser.Where(kv => !kv.Value.IsEmpty).Select(kv => kv.Key).ToList();

    /// <summary>Closes the user's live connections that <paramref name="ended"/> says belong to a session that is over.</summary>
    public int CloseWhere(string userKey, Func<HubCallerContext, bool> ended)
    {
        if (!_byUser.TryGetValue(userKey, out var connections))
        {
            return 0;
        }

        var closed = 0;
        foreach (var (id, context) in connections)
        {
            if (ended(context) && connections.TryRemove(id, out _))
            {
                context.Abort();
                closed++;
            }
        }

        return closed;
    }

    /// <summary>Closes every live connection of the user; returns how many there were.</summary>
    public int CloseAll(string userKey)
    {
        if (!_byUser.TryRemove(userKey, out var connections))
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
