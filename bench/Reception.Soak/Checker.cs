using Npgsql;
using Reception.Sync.Wire;

namespace Reception.Soak;

/// <summary>The Jepsen-style count: every action a desk made in exactly one class, and the violations.</summary>
internal sealed class Verdict
{
    public int ViewsCompared, VisitsTouched, Actions, Lost, AppliedOnce, Duplicated, Unexpected;
    public List<string> Violations { get; } = [];
}

/// <summary>
/// Reads the database after the run and checks: each action applied once or with a final
/// conflict/rejected result (ledger, stored results, feed with client and mutation ids); the feed
/// gap-free; no visitor called by two desks; every desk's view equals the server; nothing stored
/// for a hostile request.
/// </summary>
internal static class Checker
{
    private sealed record ChangeRow(long Version, Guid VisitId, string Data, Guid? ClientId, long? MutationId);

    public static async Task<Verdict> CheckAsync(string connectionString, string slug, IReadOnlyList<SoakDesk> desks, IReadOnlyList<Guid> hostile,
        CancellationToken cancellationToken)
    {
        var verdict = new Verdict();
        var v = verdict.Violations;
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(cancellationToken);
        var (branchId, feedVersion) = await SingleAsync(db, """SELECT "Id", "FeedVersion" FROM "Branches" WHERE "Slug" = @p""", slug,
            r => (r.GetGuid(0), r.GetInt64(1)), cancellationToken);
        var changes = await ListAsync(db, """SELECT "Version", "VisitId", "Data", "ClientId", "MutationId" FROM "Changes" WHERE "BranchId" = @p ORDER BY "Version" """,
            branchId, r => new ChangeRow(r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetGuid(3), r.IsDBNull(4) ? null : r.GetInt64(4)),
            cancellationToken);
        var records = await ListAsync(db, """SELECT "ClientId", "MutationId", "Status", "Result" FROM "MutationRecords" WHERE "BranchId" = @p""",
            branchId, r => (Client: r.GetGuid(0), Mutation: r.GetInt64(1), Status: r.GetString(2), Result: r.GetString(3)), cancellationToken);
        var ledgers = await ListAsync(db, """SELECT "ClientId", "LastMutationId" FROM "ClientLedgers" WHERE "BranchId" = @p""",
            branchId, r => (Client: r.GetGuid(0), Last: r.GetInt64(1)), cancellationToken);
        var pending = await ListAsync(db, """SELECT "ClientId", "MutationId" FROM "Inbox" WHERE "BranchId" = @p AND "Status" = 'Pending'""",
            branchId, r => (Client: r.GetGuid(0), Mutation: r.GetInt64(1)), cancellationToken);

        var versions = changes.Select(c => c.Version).ToList();
        var start = versions.Count > 0 ? versions[0] : 1;
        if (!versions.SequenceEqual(Enumerable.Range((int)start, (int)(feedVersion - start + 1)).Select(x => (long)x)))
        {
            v.Add($"the feed of branch {slug} is not gap-free: {versions.Count} changes from {start} for feed version {feedVersion}");
        }

        var byAction = changes.Where(c => c.ClientId is not null).ToLookup(c => (c.ClientId!.Value, c.MutationId!.Value));
        var byVersion = changes.ToDictionary(c => c.Version);
        var stored = records.ToDictionary(r => (r.Client, r.Mutation));
        var deskIds = desks.Select(d => d.ClientId).ToHashSet();
        foreach (var desk in desks)
        {
            foreach (var issued in desk.Issued.Values.OrderBy(i => i.Action.MutationId))
            {
                verdict.Actions++;
                var key = (desk.ClientId, issued.Action.MutationId);
                var what = $"desk {desk.Index} mutation {key.Item2} ({issued.Action.Type})";
                var feed = byAction[key].ToList();
                if (!stored.TryGetValue(key, out var record) || issued.Final is not { } final)
                {
                    verdict.Lost++;
                    v.Add($"lost: {what}: stored {(stored.ContainsKey(key) ? stored[key].Status : "nothing")}, the desk was told {issued.Final?.Status ?? "nothing final"}");
                }
                else if (feed.Count > 1)
                {
                    verdict.Duplicated++;
                    v.Add($"duplicated: {what} is in the feed {feed.Count} times");
                }
                else if (Unexpected(record.Status, record.Result, final, feed.SingleOrDefault(), byVersion) is { } why)
                {
                    verdict.Unexpected++;
                    v.Add($"unexpected: {what}: {why}");
                }
                else
                {
                    verdict.AppliedOnce++;
                }
            }

            var ledger = ledgers.Where(l => l.Client == desk.ClientId).Select(l => l.Last).FirstOrDefault();
            if (ledger != desk.LastMutationId)
            {
                v.Add($"desk {desk.Index}: the ledger says {ledger}, the desk made {desk.LastMutationId} actions");
            }
        }

        var hostileIds = hostile.ToHashSet();
        foreach (var record in records.Where(r => hostileIds.Contains(r.Client)))
        {
            verdict.Unexpected++;
            v.Add($"unexpected: a hostile request was stored (client {record.Client} mutation {record.Mutation}: {record.Status})");
        }

        foreach (var change in changes.Where(c => c.ClientId is { } id && (hostileIds.Contains(id)
                                                                             || (deskIds.Contains(id) && !desks.Single(d => d.ClientId == id).Issued.ContainsKey(c.MutationId!.Value)))))
        {
            verdict.Unexpected++;
            v.Add($"unexpected: change {change.Version} by client {change.ClientId} mutation {change.MutationId}, which no desk sent");
        }

        foreach (var row in pending)
        {
            v.Add($"the inbox still holds client {row.Client} mutation {row.Mutation} as pending");
        }

        // No visitor held by one desk passes straight to another.
        foreach (var history in changes.GroupBy(c => c.VisitId))
        {
            VisitDto? before = null;
            foreach (var change in history)
            {
                var after = WireJson.Deserialize<VisitDto>(change.Data);
                if (before is { Status: "called" or "serving" } && after.Status is "called" or "serving" && after.DeskId != before.DeskId)
                {
                    v.Add($"visit {after.Ticket} was {before.Status} at desk {before.DeskId} and became {after.Status} at desk {after.DeskId} (version {change.Version})");
                }

                before = after;
            }
        }

        // Every desk's view equals the server on every visit the soak touched.
        var latest = changes.Where(c => c.ClientId is { } id && deskIds.Contains(id)).GroupBy(c => c.VisitId)
            .Select(g => changes.Where(c => c.VisitId == g.Key).MaxBy(c => c.Version)!).ToList();
        verdict.VisitsTouched = latest.Count;
        foreach (var desk in desks)
        {
            verdict.ViewsCompared++;
            var replica = desk.Replica;
            var differ = latest.Count(c => !replica.TryGetValue(c.VisitId, out var mine) || WireJson.Serialize(mine) != WireJson.Serialize(WireJson.Deserialize<VisitDto>(c.Data)));
            if (differ > 0)
            {
                v.Add($"desk {desk.Index}: its view differs from the server on {differ} of {latest.Count} visits (it holds version {desk.Version} of {feedVersion})");
            }
        }

        return verdict;
    }

    private static string? Unexpected(string status, string resultJson, ActionResult final, ChangeRow? change, IReadOnlyDictionary<long, ChangeRow> byVersion)
    {
        var storedResult = WireJson.Deserialize<ActionResult>(resultJson);
        if (status != final.Status || WireJson.Serialize(storedResult) != WireJson.Serialize(final))
        {
            return $"stored {status} v{storedResult.Version}, the desk was told {final.Status} v{final.Version}";
        }

        if (change is not null)
        {
            return final.Status is ResultStatus.Applied or ResultStatus.Conflict && final.Version == change.Version
                ? null
                : $"{final.Status} v{final.Version}, yet in the feed at version {change.Version}";
        }

        return final.Status == ResultStatus.Applied && final.Version is { } version && final.Visit is { } visit
               && !(byVersion.TryGetValue(version, out var existing) && existing.VisitId == visit.Id)
            ? $"applied without a change of its own, naming version {version}, which is not a change of its visit"
            : null;
    }

    private static async Task<T> SingleAsync<T>(NpgsqlConnection db, string sql, object p, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        (await ListAsync(db, sql, p, read, cancellationToken)).Single();

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection db, string sql, object p, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("p", p);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }
}
