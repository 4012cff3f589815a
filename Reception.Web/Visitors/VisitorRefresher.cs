using System.Collections.Concurrent;
using Mediator;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Feed;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;

namespace Reception.Web.Visitors;

/// <summary>
/// After each commit, sends every open visit of the branch its new status (its place in line moves
/// when anyone ahead is called, leaves or is moved), each to its own visit's group. Invariants:
/// - one read of the branch per refresh, however many pages follow it; commits that arrive while a
///   refresh runs are folded into one more refresh, so a burst of calls costs a few reads, not one
///   per call, and the last refresh always starts after the last commit;
/// - a visit closed by a commit gets its final status once;
/// - the visits the commits changed are sent first: the called visitor hears of the call before the
///   other pages hear that their place moved, however many pages are open;
/// - without a backplane, a branch with no status page open on this instance is not read at all;
///   with one, pages may be on any instance, so every commit is read.
/// The commit path never waits for it.
/// </summary>
public sealed partial class VisitorRefresher(
    IServiceScopeFactory scopes, IHubContext<VisitorHub, IVisitorClient> hub, VisitorWatchers watchers, bool everyBranch,
    ILogger<VisitorRefresher> logger)
{
    private readonly ConcurrentDictionary<Guid, Pending> _branches = new();

    public void Request(Guid branchId, IEnumerable<Guid> changed, IEnumerable<Guid> closed)
    {
        if (!everyBranch && !watchers.Any(branchId))
        {
            return;
        }

        var pending = _branches.GetOrAdd(branchId, _ => new Pending());
        lock (pending)
        {
            pending.Changed.UnionWith(changed);
            pending.Closed.UnionWith(closed);
            pending.Dirty = true;
            if (pending.Running)
            {
                return;
            }

            pending.Running = true;
        }

        _ = Task.Run(() => RunAsync(branchId, pending));
    }

    private async Task RunAsync(Guid branchId, Pending pending)
    {
        while (true)
        {
            HashSet<Guid> changed, closed;
            lock (pending)
            {
                if (!pending.Dirty)
                {
                    pending.Running = false;
                    return;
                }

                pending.Dirty = false;
                (changed, closed) = (pending.Changed, pending.Closed);
                (pending.Changed, pending.Closed) = ([], []);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var statuses = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new GetBranchVisitorStatuses(branchId, closed));
                foreach (var (visitId, status) in statuses.OrderBy(s => !changed.Contains(s.Key)))
                {
                    await hub.Clients.Group(VisitorHub.GroupOf(visitId)).Status(VisitorWords.Update(status));
                }
            }
            catch (Exception e)
            {
                // The pages catch up by themselves (on reconnect, and every half minute).
                Log.RefreshFailed(logger, branchId, e);
            }
        }
    }

    private sealed class Pending
    {
        public HashSet<Guid> Changed = [];
        public HashSet<Guid> Closed = [];
        public bool Dirty;
        public bool Running;
    }

    // Event ids 6301-6399 belong to Reception.Web.Visitors.
    private static partial class Log
    {
        [LoggerMessage(6301, LogLevel.Warning, "Sending the status pages of branch {BranchId} their new places failed", EventName = "VisitorRefreshFailed")]
        public static partial void RefreshFailed(ILogger logger, Guid branchId, Exception exception);
    }
}

/// <summary>Hands each commit to the <see cref="VisitorRefresher"/>, after the commit, without waiting for it.</summary>
public sealed class VisitorBroadcaster(VisitorRefresher refresher) : INotificationHandler<ChangesCommitted>
{
    private static readonly HashSet<string> Final = ["done", "noShow", "cancelled"];

    public ValueTask Handle(ChangesCommitted notification, CancellationToken cancellationToken)
    {
        refresher.Request(notification.BranchId, notification.Items.Select(i => i.Visit.Id),
            notification.Items.Where(i => Final.Contains(i.Visit.Status)).Select(i => i.Visit.Id));
        return ValueTask.CompletedTask;
    }
}
