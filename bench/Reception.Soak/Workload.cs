using System.Text.Json;
using Reception.Sync.Wire;

namespace Reception.Soak;

/// <summary>One action a desk made and the final result it learnt (a duplicate's original counts).</summary>
internal sealed class Issued(SyncAction action)
{
    public SyncAction Action { get; } = action;
    public ActionResult? Final { get; set; }
}

/// <summary>The demo branch as the desks see it: its services and desks.</summary>
internal sealed record BranchInfo(string Slug, Guid[] Services, Guid[] Desks);

/// <summary>Random actions of every type, mostly aimed at visits in a state where they make sense.</summary>
internal static class Workload
{
    private static readonly (string Type, int Weight)[] Weights =
    [
        (ActionTypes.Register, 18), (ActionTypes.UpdateDetails, 14), (ActionTypes.Call, 9), (ActionTypes.CallNext, 9),
        (ActionTypes.Recall, 5), (ActionTypes.StartService, 9), (ActionTypes.Complete, 8), (ActionTypes.NoShow, 4),
        (ActionTypes.Cancel, 4), (ActionTypes.Requeue, 6), (ActionTypes.Transfer, 6),
    ];

    private static readonly string[] Names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken"];

    public static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public static SyncAction Next(Random random, Guid clientId, long mutationId, Guid deskId, BranchInfo branch,
        IReadOnlyList<VisitDto> replica, IReadOnlyList<Guid> local, bool online)
    {
        var type = Pick(random);
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
            var args = new Dictionary<string, object?>
            {
                ["serviceId"] = branch.Services[random.Next(branch.Services.Length)],
                ["name"] = $"{Names[random.Next(Names.Length)]} {random.Next(1000)}",
            };
            if (random.Next(2) == 0) args["phone"] = $"+44 20 7946 {random.Next(10000):D4}";
            if (random.Next(4) == 0) args["priority"] = 1;
            return Make(ActionTypes.Register, NewGuid(random), args);
        }

        var (visitId, visit) = target.Value;
        var @base = visit is null ? null : new ActionBase { Version = visit.Version };
        switch (type)
        {
            case ActionTypes.UpdateDetails:
            {
                var args = new Dictionary<string, object?>();
                var fields = new Dictionary<string, long>();
                foreach (var field in new[] { "name", "phone", "notes", "priority" })
                {
                    if (random.Next(3) != 0 && !(args.Count == 0 && field == "priority")) continue;
                    args[field] = field switch
                    {
                        "name" => $"{Names[random.Next(Names.Length)]} {random.Next(1000)}",
                        "phone" => $"+44 161 {random.Next(1_000_000):D6}",
                        "notes" => $"note {random.Next(100)}",
                        _ => random.Next(2),
                    };
                    if (visit is not null)
                    {
                        fields[field] = field switch
                        {
                            "name" => visit.FieldVersions.Name, "phone" => visit.FieldVersions.Phone,
                            "notes" => visit.FieldVersions.Notes, _ => visit.FieldVersions.Priority,
                        };
                    }
                }

                return Make(type, visitId, args, new ActionBase { Version = visit?.Version ?? 0, Fields = visit is null ? null : fields });
            }

            case ActionTypes.Call or ActionTypes.Recall or ActionTypes.StartService:
                return Make(type, visitId, new { deskId }, @base);
            case ActionTypes.Transfer:
                return Make(type, visitId, new { serviceId = branch.Services[random.Next(branch.Services.Length)] }, @base);
            default:
                return Make(type, visitId, null, @base);
        }
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (type, weight) in Weights)
        {
            if ((roll -= weight) < 0) return type;
        }

        return ActionTypes.Register;
    }

    private static (Guid, VisitDto?)? Target(Random random, Guid deskId, string type, IReadOnlyList<VisitDto> replica, IReadOnlyList<Guid> local)
    {
        bool Suits(VisitDto v) => type switch
        {
            ActionTypes.Call or ActionTypes.NoShow or ActionTypes.Cancel => v.Status == "waiting",
            ActionTypes.Recall or ActionTypes.StartService or ActionTypes.Requeue => v.Status == "called" && v.DeskId == deskId,
            ActionTypes.Complete => v.Status == "serving" && v.DeskId == deskId,
            ActionTypes.Transfer => v.Status is "waiting" or "called",
            _ => v.Status is "waiting" or "called" or "serving",
        };

        var roll = random.Next(10);
        if (roll == 0 && local.Count > 0) return (local[random.Next(local.Count)], null);
        var pool = (roll <= 2 ? replica : replica.Where(Suits)).OrderBy(v => v.Id).ToList();
        if (pool.Count == 0) return null;
        var visit = pool[random.Next(pool.Count)];
        return (visit.Id, visit);
    }
}
