using System.Text.Json;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>One action a simulated desk made, and what it learnt about it.</summary>
public sealed class IssuedAction(SyncAction action)
{
    public SyncAction Action { get; } = action;

    /// <summary>The final result (applied, conflict or rejected); a duplicate's original counts.</summary>
    public ActionResult? Final { get; set; }

    public int Deferrals { get; set; }
}

/// <summary>
/// A simulated desk as the browser client behaves: numbers its actions, keeps every one without
/// a final result in an outbox (offline or not), pushes the outbox in order, keeps a replica of the
/// branch built only from pulled changes, and uses that replica's stamps as the base of its actions.
/// </summary>
public sealed class SimDesk(ReceptionApp app, TestBranch branch, int index, Guid clientId, Guid deskId)
{
    public int Index { get; } = index;
    public Guid ClientId { get; } = clientId;
    public Guid DeskId { get; } = deskId;
    public Caller Caller { get; } = new($"sim-desk-{index}", CallerKind.Admin, null);
    public long LastMutationId { get; private set; }
    public List<IssuedAction> Outbox { get; } = [];
    public Dictionary<long, IssuedAction> Issued { get; } = [];
    public Dictionary<Guid, VisitDto> Replica { get; } = [];
    public long Version { get; private set; }
    public HashSet<Guid> LocalRegistrations { get; } = [];
    public int OfflineUntil { get; set; } = -1;
    public bool IsOffline(int step) => step < OfflineUntil;

    public IssuedAction Issue(string type, Guid? visitId, object? args, ActionBase? @base = null)
    {
        var action = new SyncAction
        {
            ClientId = ClientId, MutationId = ++LastMutationId, Type = type, VisitId = visitId, Base = @base,
            Args = args is null ? null : JsonSerializer.SerializeToElement(args, WireJson.Options),
        };
        var issued = new IssuedAction(action);
        Issued[action.MutationId] = issued;
        Outbox.Add(issued);
        if (type == ActionTypes.Register)
        {
            LocalRegistrations.Add(visitId!.Value);
        }

        return issued;
    }

    /// <summary>Pushes actions as one batch; null when the push failed as a whole (nothing answered).</summary>
    /// <param name="rethrow">Let a non-transient failure go up to the caller instead of counting it as a violation.</param>
    public async Task<IReadOnlyList<ActionResult>?> PushAsync(IReadOnlyList<SyncAction> actions, List<string> violations, bool rethrow = false)
    {
        try
        {
            var reply = await app.SendAsync(new PushActions(branch.Slug, actions.ToList<SyncAction?>(), Caller));
            if (reply.Problem is { } problem)
            {
                violations.Add($"desk {Index}: a well-formed push answered {problem.Status} {problem.Detail}");
                return null;
            }

            return reply.Value!.Results;
        }
        catch (Exception e) when (Reception.Data.TransientFailures.IsTransient(e) || e is SimulatedCrashException)
        {
            return null; // a transient error or a dead server: the client keeps its actions
        }
        catch (Exception e) when (!rethrow)
        {
            lock (violations) violations.Add($"desk {Index}: a push of well-formed actions {actions[0].MutationId}–{actions[^1].MutationId} failed with {e.GetType().Name}: {e.Message} / {e.InnerException?.Message} (a transport answers 500)");
            return null;
        }
    }

    /// <summary>Takes the answers to a pushed batch: final results leave the outbox, deferred ones stay.</summary>
    public void Receive(IReadOnlyList<SyncAction> actions, IReadOnlyList<ActionResult> results, List<string> violations)
    {
        if (results.Count != actions.Count)
        {
            violations.Add($"desk {Index}: {actions.Count} actions pushed, {results.Count} results answered");
            return;
        }

        for (var i = 0; i < actions.Count; i++)
        {
            var issued = Issued[actions[i].MutationId];
            var result = results[i];
            if (result.MutationId != actions[i].MutationId)
            {
                violations.Add($"desk {Index}: result for mutation {result.MutationId} answered to mutation {actions[i].MutationId}");
            }

            var final = result.Status switch
            {
                ResultStatus.Applied or ResultStatus.Conflict or ResultStatus.Rejected => result,
                ResultStatus.Duplicate => result.Original ?? result,
                _ => null,
            };
            if (final is null)
            {
                issued.Deferrals++;
                continue;
            }

            if (issued.Final is { } known)
            {
                if (WireJson.Serialize(known) != WireJson.Serialize(final))
                {
                    violations.Add($"desk {Index} mutation {issued.Action.MutationId}: answered {Describe(known)} first, then {Describe(final)}");
                }
            }
            else
            {
                issued.Final = final;
            }

            Outbox.Remove(issued);
        }
    }

    /// <summary>Pulls the feed from the version held, checking each batch starts right after it.</summary>
    public async Task PullAsync(List<string> violations)
    {
        while (true)
        {
            var reply = await app.SendAsync(new PullChanges(branch.Slug, Version, Caller));
            if (reply.Problem is { } problem)
            {
                violations.Add($"desk {Index}: pull from {Version} answered {problem.Status} {problem.Detail}");
                return;
            }

            var pull = reply.Value!;
            if (pull.Snapshot is { } snapshot)
            {
                Replica.Clear();
                foreach (var visit in snapshot.Visits)
                {
                    Replica[visit.Id] = visit;
                }

                Version = pull.ToVersion;
            }
            else
            {
                foreach (var change in pull.Changes ?? [])
                {
                    if (change.Version != Version + 1)
                    {
                        violations.Add($"desk {Index}: pulled change {change.Version} right after {Version}: a gap in the feed");
                    }

                    Replica[change.Visit.Id] = change.Visit;
                    LocalRegistrations.Remove(change.Visit.Id);
                    Version = change.Version;
                }
            }

            if (!pull.HasMore)
            {
                return;
            }
        }
    }

    private static string Describe(ActionResult r) => $"{r.Status} v{r.Version}";
}
