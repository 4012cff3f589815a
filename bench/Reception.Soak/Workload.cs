using System.Text.Json;
using Reception.Sync.Wire;
using Reception.Tests.Soak;

namespace Reception.Soak;

/// <summary>One action a desk made and the final result it learnt (a duplicate's original counts).</summary>
internal sealed class Issued(SyncAction action)
{
    public SyncAction Action { get; } = action;
    public ActionResult? Final { get; set; }
}

/// <summary>The demo branch as the desks see it: its services and desks.</summary>
internal sealed record BranchInfo(string Slug, Guid[] Services, Guid[] Desks);

/// <summary>Random actions of every type (<see cref="ActionMix"/>), mostly aimed at visits in a state where they make sense.</summary>
internal static class Workload
{
    public static Guid NewGuid(Random random) => ActionMix.NewGuid(random);

    public static SyncAction Next(Random random, Guid clientId, long mutationId, Guid deskId, BranchInfo branch,
        IReadOnlyList<VisitDto> replica, IReadOnlyList<Guid> local, bool online)
    {
        var type = ActionMix.Pick(random);
        if (type == ActionTypes.CallNext && !online) type = ActionTypes.Register;
        SyncAction Make(string t, Guid? visit, object? args, ActionBase? @base = null) => new()
        {
            ClientId = clientId, MutationId = mutationId, Type = t, VisitId = visit, Base = @base,
            Args = args is null ? null : JsonSerializer.SerializeToElement(args, WireJson.Options),
        };

        if (type == ActionTypes.CallNext) return Make(type, null, new { deskId });
        var target = type == ActionTypes.Register ? null : Target(random, deskId, type, replica, local);
        if (target is null)
        {
            var registration = ActionMix.Registration(random, branch.Services[random.Next(branch.Services.Length)]);
            return Make(ActionTypes.Register, ActionMix.NewGuid(random), registration);
        }

        var (visitId, visit) = target.Value;
        switch (type)
        {
            case ActionTypes.UpdateDetails:
            {
                var (args, @base) = ActionMix.Edit(random, visit, noteSuffix: "");
                return Make(type, visitId, args, @base);
            }

            case ActionTypes.Call or ActionTypes.Recall or ActionTypes.StartService:
                return Make(type, visitId, new { deskId }, ActionMix.Base(visit));
            case ActionTypes.Transfer:
                return Make(type, visitId, new { serviceId = branch.Services[random.Next(branch.Services.Length)] }, ActionMix.Base(visit));
            default:
                return Make(type, visitId, null, ActionMix.Base(visit));
        }
    }

    private static (Guid, VisitDto?)? Target(Random random, Guid deskId, string type, IReadOnlyList<VisitDto> replica, IReadOnlyList<Guid> local)
    {
        var roll = random.Next(10);
        if (roll == 0 && local.Count > 0) return (local[random.Next(local.Count)], null);
        var pool = (roll <= 2 ? replica : replica.Where(v => ActionMix.Suits(type, v, deskId))).OrderBy(v => v.Id).ToList();
        if (pool.Count == 0) return null;
        var visit = pool[random.Next(pool.Count)];
        return (visit.Id, visit);
    }
}
