using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>The outcome of one run, Jepsen-style: every action counted in exactly one class.</summary>
public sealed class SimVerdict
{
    public int Actions { get; set; }
    public int Faults { get; set; }
    public int Lost { get; set; }
    public int AppliedOnce { get; set; }
    public int Duplicated { get; set; }
    public int Unexpected { get; set; }
    public List<string> Violations { get; } = [];

    /// <summary>Final results by action type and status ("call/conflict"), to show the workload reached every path.</summary>
    public Dictionary<string, int> Outcomes { get; } = [];
    public string Detail { get; set; } = "";

    public string Line(int seed) =>
        $"soak: {Actions} actions, {Faults} faults, {Violations.Count} violations (seed {seed}; lost {Lost}, applied once {AppliedOnce}, duplicated {Duplicated}, unexpected {Unexpected}; {Detail})";
}

/// <summary>
/// Checks a finished run against the database: the ledger, the stored results, and the change
/// feed with its client and mutation ids. An action is
/// - lost: no stored result (or the desk never learnt one);
/// - duplicated: more than one change in the feed carries it;
/// - unexpected: its stored result differs from what the desk was told, or the feed disagrees with the result;
/// - applied once: otherwise (applied, conflict or rejected as a final, stored result).
/// </summary>
public static class SimChecker
{
    public static async Task<SimVerdict> CheckAsync(ReceptionApp app, TestBranch branch, IReadOnlyList<SimDesk> desks)
    {
        var verdict = new SimVerdict();
        var v = verdict.Violations;
        var (feedVersion, changes, records, ledgers, inbox, visits) = await app.WithDbAsync(async db => (
            await db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync(),
            await db.Changes.AsNoTracking().Where(c => c.BranchId == branch.Id).OrderBy(c => c.Version).ToListAsync(),
            await db.MutationRecords.AsNoTracking().Where(r => r.BranchId == branch.Id).ToListAsync(),
            await db.ClientLedgers.AsNoTracking().Where(l => l.BranchId == branch.Id).ToListAsync(),
            await db.Inbox.AsNoTracking().Where(i => i.BranchId == branch.Id).ToListAsync(),
            await db.Visits.AsNoTracking().Where(x => x.BranchId == branch.Id).ToListAsync()));

        // The feed: versions 1..FeedVersion, each once.
        var versions = changes.Select(c => c.Version).ToList();
        if (!versions.SequenceEqual(Enumerable.Range(1, (int)feedVersion).Select(x => (long)x)))
        {
            v.Add($"the feed is not gap-free: {versions.Count} changes for feed version {feedVersion}, first gap after {FirstGap(versions)}");
        }

        var changesByVersion = changes.GroupBy(c => c.Version).ToDictionary(g => g.Key, g => g.First());
        var byAction = changes.Where(c => c.ClientId is not null).ToLookup(c => (c.ClientId!.Value, c.MutationId!.Value));
        var stored = records.ToDictionary(r => (r.ClientId, r.MutationId));
        var issued = desks.SelectMany(d => d.Issued.Values.Select(i => (Desk: d, Issued: i)))
            .ToDictionary(x => (x.Desk.ClientId, x.Issued.Action.MutationId));

        foreach (var ((client, mutation), (desk, action)) in issued)
        {
            verdict.Actions++;
            var record = stored.GetValueOrDefault((client, mutation));
            var feed = byAction[(client, mutation)].ToList();
            var final = action.Final;
            var what = $"desk {desk.Index} mutation {mutation} ({action.Action.Type})";
            var outcome = $"{action.Action.Type}/{final?.Status ?? "none"}";
            verdict.Outcomes[outcome] = verdict.Outcomes.GetValueOrDefault(outcome) + 1;
            if (record is null || final is null)
            {
                verdict.Lost++;
                v.Add($"lost: {what}: stored {record?.Status ?? "nothing"}, the desk was told {final?.Status ?? "nothing final"} ({final?.Reason})");
            }
            else if (feed.Count > 1)
            {
                verdict.Duplicated++;
                v.Add($"duplicated: {what} is in the feed {feed.Count} times (versions {string.Join(",", feed.Select(c => c.Version))})");
            }
            else if (Unexpected(record, final, feed.SingleOrDefault(), changesByVersion) is { } why)
            {
                verdict.Unexpected++;
                v.Add($"unexpected: {what}: {why}");
            }
            else
            {
                verdict.AppliedOnce++;
            }
        }

        foreach (var change in changes.Where(c => c.ClientId is not null && !issued.ContainsKey((c.ClientId!.Value, c.MutationId!.Value))))
        {
            verdict.Unexpected++;
            v.Add($"unexpected: change {change.Version} names client {change.ClientId} mutation {change.MutationId}, which no desk sent");
        }

        foreach (var record in records.Where(r => !issued.ContainsKey((r.ClientId, r.MutationId))))
        {
            verdict.Unexpected++;
            v.Add($"unexpected: a stored result for client {record.ClientId} mutation {record.MutationId}, which no desk sent");
        }

        foreach (var desk in desks)
        {
            var ledger = ledgers.SingleOrDefault(l => l.ClientId == desk.ClientId)?.LastMutationId ?? 0;
            if (ledger != desk.LastMutationId)
            {
                v.Add($"desk {desk.Index}: the ledger says {ledger} mutations applied, the desk made {desk.LastMutationId}");
            }
        }

        foreach (var row in inbox.Where(i => i.Status == InboxStatus.Pending))
        {
            v.Add($"the inbox still holds client {row.ClientId} mutation {row.MutationId} as pending");
        }

        CheckNoVisitorCalledByTwoDesks(changes, v);
        CheckReplicas(changes, visits, desks, v);
        return verdict;
    }

    private static string? Unexpected(MutationRecord record, ActionResult final, Change? change, IReadOnlyDictionary<long, Change> feed)
    {
        var storedResult = WireJson.Deserialize<ActionResult>(record.Result);
        if (record.Status != final.Status || WireJson.Serialize(storedResult) != WireJson.Serialize(final))
        {
            return $"stored {record.Status} v{storedResult.Version}, the desk was told {final.Status} v{final.Version}";
        }

        if (change is not null)
        {
            return final.Status is ResultStatus.Applied or ResultStatus.Conflict && final.Version == change.Version
                ? null
                : $"{final.Status} v{final.Version}, yet in the feed at version {change.Version}";
        }

        // No change of its own: a no-op (a repeated transition, nobody waiting), answered with the visit as it stands.
        if (final.Status == ResultStatus.Applied && final.Version is { } version && final.Visit is { } visit
            && !(feed.TryGetValue(version, out var existing) && existing.VisitId == visit.Id))
        {
            return $"applied without a change of its own, naming version {version}, which is not a change of visit {visit.Id}";
        }

        return null;
    }

    /// <summary>From the history: a visit held by one desk (called or serving) never passes straight to another.</summary>
    private static void CheckNoVisitorCalledByTwoDesks(IReadOnlyList<Change> changes, List<string> v)
    {
        foreach (var history in changes.GroupBy(c => c.VisitId))
        {
            VisitDto? before = null;
            foreach (var change in history.OrderBy(c => c.Version))
            {
                var after = WireJson.Deserialize<VisitDto>(change.Data);
                if (before is { Status: "called" or "serving" } && after.Status is "called" or "serving" && after.DeskId != before.DeskId)
                {
                    v.Add($"visit {after.Ticket} ({after.Id}) was {before.Status} at desk {before.DeskId} and became {after.Status} at desk {after.DeskId} at version {change.Version}");
                }

                before = after;
            }
        }
    }

    /// <summary>Every desk's replica, built only from pulls, equals the server: the last change of each visit and the visits table.</summary>
    private static void CheckReplicas(IReadOnlyList<Change> changes, IReadOnlyList<Visit> visits, IReadOnlyList<SimDesk> desks, List<string> v)
    {
        var latest = changes.GroupBy(c => c.VisitId).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Version)!);
        foreach (var visit in visits)
        {
            if (!latest.TryGetValue(visit.Id, out var last))
            {
                v.Add($"visit {visit.Id} is stored but has no change in the feed");
                continue;
            }

            var dto = WireJson.Deserialize<VisitDto>(last.Data);
            if (dto.Version != visit.Version || dto.Status != Reception.Sync.Merge.StatusNames.Of(visit.Status) || dto.Name != visit.Name
                || dto.DeskId != visit.DeskId || dto.ServiceId != visit.ServiceId || dto.Phone != visit.Phone || dto.Notes != visit.Notes)
            {
                v.Add($"visit {visit.Id}: the table (v{visit.Version} {visit.Status}) differs from its last change (v{dto.Version} {dto.Status})");
            }
        }

        foreach (var desk in desks)
        {
            var mismatched = latest.Values.Where(c => !desk.Replica.TryGetValue(c.VisitId, out var mine)
                                                      || WireJson.Serialize(mine) != WireJson.Serialize(WireJson.Deserialize<VisitDto>(c.Data)))
                .Select(c => c.VisitId).ToList();
            if (mismatched.Count > 0 || desk.Replica.Count != latest.Count)
            {
                v.Add($"desk {desk.Index}: its view differs from the server on {mismatched.Count} visits (holds {desk.Replica.Count}, server {latest.Count}; version {desk.Version})");
            }
        }
    }

    private static long FirstGap(IReadOnlyList<long> versions)
    {
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] != i + 1) return i;
        }

        return versions.Count;
    }
}
