using Npgsql;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Apply;

/// <summary>
/// The pipeline with lost acknowledgements: every tenth push of a desk goes again, identical, right
/// after its first answer, as a desk does that never got that answer. The second answer must say
/// "duplicate" and carry the first one's result. Remembers its branches, so that
/// <see cref="CheckAppliedOnceAsync"/> can show afterwards that nothing was applied twice.
/// </summary>
internal sealed class ResendingSide(BenchApp app, PipelineSide pipeline)
{
    public const string Name = "pipeline, 10 % re-sent";
    public const int Every = 10;

    private readonly List<(Guid Branch, int Actions)> _runs = [];

    /// <summary>One desk on a fresh branch; <paramref name="actions"/> counts distinct actions, not pushes.</summary>
    public async Task<Measurement> RunAsync(int actions, CancellationToken cancellationToken)
    {
        var branch = await BenchBranch.CreateAsync(app, 1, cancellationToken);
        _runs.Add((branch.Id, actions));
        return await Desks.TimeAsync(Name, branch, actions, DeskAsync, cancellationToken);
    }

    private async Task DeskAsync(DeskScript script, int actions, CancellationToken cancellationToken)
    {
        VisitDto? seen = null;
        for (var i = 0; i < actions; i++)
        {
            var action = script.Next(seen);
            var first = await pipeline.SendAsync(action, script.Branch.Slug, cancellationToken);
            seen = PipelineSide.Applied(action, first);
            if (action.MutationId % Every == 0)
            {
                var again = await pipeline.SendAsync(action, script.Branch.Slug, cancellationToken);
                if (again.Status != ResultStatus.Duplicate || WireJson.Serialize(again.Original) != WireJson.Serialize(first))
                {
                    throw new BenchFailure(
                        $"{Name}: re-sent {action.Type} #{action.MutationId} was answered {WireJson.Serialize(again)}, not a duplicate of {WireJson.Serialize(first)}");
                }
            }
        }
    }

    /// <summary>
    /// Every run's branch, in the database: each (clientId, mutationId) at most once in the change
    /// feed, and feed version = changes = the run's distinct actions (each of them changes its visit).
    /// </summary>
    public async Task CheckAppliedOnceAsync(string database, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT b."Id", b."FeedVersion", count(c."Version"), count(DISTINCT (c."ClientId", c."MutationId"))
            FROM "Branches" b LEFT JOIN "Changes" c ON c."BranchId" = b."Id"
            WHERE b."Id" = ANY($1)
            GROUP BY b."Id", b."FeedVersion"
            """;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters = { new NpgsqlParameter { Value = _runs.Select(r => r.Branch).ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new Dictionary<Guid, (long Feed, long Changes, long Distinct)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        foreach (var (branch, actions) in _runs)
        {
            if (!found.TryGetValue(branch, out var f) || f.Feed != actions || f.Changes != actions || f.Distinct != actions)
            {
                throw new BenchFailure(
                    $"{Name}: branch {branch} ran {actions} distinct actions but holds feed version {f.Feed}, {f.Changes} changes, " +
                    $"{f.Distinct} distinct (clientId, mutationId): something was applied twice or not at all.");
            }
        }
    }
}
