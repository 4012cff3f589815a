using System.Collections.Concurrent;

namespace Reception.Web.Visitors;

/// <summary>
/// Which branches have status pages open on this instance, so that a branch nobody follows costs
/// nothing after a commit (see <see cref="VisitorRefresher"/>).
/// </summary>
public sealed class VisitorWatchers
{
    private readonly ConcurrentDictionary<string, Guid> _byConnection = new();

    public void Add(string connectionId, Guid branchId) => _byConnection[connectionId] = branchId;

    public void Remove(string connectionId) => _byConnection.TryRemove(connectionId, out _);

    public bool Any(Guid branchId) => _byConnection.Values.Contains(branchId);

    public int Count => _byConnection.Count;
}
