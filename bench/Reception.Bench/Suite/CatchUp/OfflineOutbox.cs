using Reception.Sync.Wire;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// The outbox of a desk that worked offline: DeskScript's actions under one fresh clientId, mutation
/// ids 1..N, drained as wwwroot/js/outbox.js drains it:
/// - in order, at most <see cref="BatchSize"/> per push;
/// - offline, an edit cannot know the stamps its own pending register will get, so it waits for
///   that register's result (outbox.js "baseAfter"): a batch ends before such an edit, and the
///   register's result gives it its base;
/// - every action must come back applied; anything else fails the run.
/// </summary>
internal sealed class OfflineOutbox
{
    public const int BatchSize = 50;

    private readonly List<Pending> _actions;
    private int _settled;

    /// <param name="WaitsFor">The mutation id whose result gives this edit its base, while that result is unknown.</param>
    private sealed record Pending(SyncAction Action, long? WaitsFor);

    public OfflineOutbox(DeskScript script, int count)
    {
        _actions = new List<Pending>(count);
        var registeredBy = new Dictionary<Guid, long>();
        for (var i = 0; i < count; i++)
        {
            var action = script.Next(seen: null);
            if (action.Type == ActionTypes.Register)
            {
                registeredBy[action.VisitId!.Value] = action.MutationId;
            }

            var waitsFor = action.Type == ActionTypes.UpdateDetails ? registeredBy[action.VisitId!.Value] : (long?)null;
            _actions.Add(new Pending(action, waitsFor));
        }
    }

    public bool IsEmpty => _settled == _actions.Count;

    /// <summary>The next batch to push; empty once every action has its result.</summary>
    public IReadOnlyList<SyncAction> NextBatch() =>
        _actions.Skip(_settled).Take(BatchSize).TakeWhile(p => p.WaitsFor is null).Select(p => p.Action).ToList();

    /// <summary>Takes a push's results, in order, off the front of the outbox and gives waiting edits their base.</summary>
    public void Settle(IReadOnlyList<ActionResult> results)
    {
        foreach (var result in results)
        {
            var expected = _actions[_settled].Action.MutationId;
            if (result.MutationId != expected || result.Status != ResultStatus.Applied || result.Visit is not { } visit)
            {
                throw new BenchFailure(
                    $"The returning desk's action #{expected} came back {WireJson.Serialize(result)}; every queued action must be applied.");
            }

            _settled++;
            for (var i = _settled; i < _actions.Count; i++)
            {
                if (_actions[i].WaitsFor == result.MutationId)
                {
                    _actions[i] = new Pending(_actions[i].Action with { Base = BaseFor(_actions[i].Action, visit) }, null);
                }
            }
        }
    }

    /// <summary>The visit's version and, for each field the edit sets, the stamp the register's result gave it.</summary>
    private static ActionBase BaseFor(SyncAction edit, VisitDto visit) => new()
    {
        Version = visit.Version,
        Fields = edit.Args!.Value.EnumerateObject().ToDictionary(f => f.Name, f => f.Name switch
        {
            "name" => visit.FieldVersions.Name,
            "phone" => visit.FieldVersions.Phone,
            "notes" => visit.FieldVersions.Notes,
            "priority" => visit.FieldVersions.Priority,
            _ => throw new BenchFailure($"DeskScript edits '{f.Name}', which is not an editable field."),
        }),
    };
}
