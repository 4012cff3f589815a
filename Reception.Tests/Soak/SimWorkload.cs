using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>
/// Random actions of every type, aimed mostly at visits in a state where they make sense (so most
/// apply) and sometimes at any visit (so conflicts and rejections happen too).
/// </summary>
public static class SimWorkload
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

    /// <summary>Issues one random action from the desk; callNext only while online (DESIGN.md 3).</summary>
    public static IssuedAction Next(Random random, SimDesk desk, TestBranch branch, bool online)
    {
        var type = Pick(random);
        if (type == ActionTypes.CallNext && !online)
        {
            type = ActionTypes.Register;
        }

        if (type is ActionTypes.Register or ActionTypes.CallNext)
        {
            return type == ActionTypes.Register ? Register(random, desk, branch) : desk.Issue(type, null, new { deskId = desk.DeskId });
        }

        var target = Target(random, desk, type);
        if (target is null)
        {
            return Register(random, desk, branch);
        }

        var (visitId, visit) = target.Value;
        return type switch
        {
            ActionTypes.UpdateDetails => Edit(random, desk, visitId, visit),
            ActionTypes.Call or ActionTypes.Recall or ActionTypes.StartService =>
                desk.Issue(type, visitId, new { deskId = desk.DeskId }, Base(visit)),
            ActionTypes.Transfer => desk.Issue(type, visitId,
                new { serviceId = random.Next(2) == 0 ? branch.General : branch.Billing }, Base(visit)),
            _ => desk.Issue(type, visitId, null, Base(visit)),
        };
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

    private static IssuedAction Register(Random random, SimDesk desk, TestBranch branch)
    {
        var args = new Dictionary<string, object?>
        {
            ["serviceId"] = random.Next(3) == 0 ? branch.Billing : branch.General,
            ["name"] = $"{Names[random.Next(Names.Length)]} {random.Next(1000)}",
        };
        if (random.Next(2) == 0) args["phone"] = $"+44 20 7946 {random.Next(10000):D4}";
        if (random.Next(4) == 0) args["priority"] = 1;
        return desk.Issue(ActionTypes.Register, NewGuid(random), args);
    }

    private static IssuedAction Edit(Random random, SimDesk desk, Guid visitId, VisitDto? visit)
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
                "notes" => $"note {random.Next(100)} from desk {desk.Index}",
                _ => random.Next(2),
            };
            if (visit is not null)
            {
                fields[field] = field switch
                {
                    "name" => visit.FieldVersions.Name,
                    "phone" => visit.FieldVersions.Phone,
                    "notes" => visit.FieldVersions.Notes,
                    _ => visit.FieldVersions.Priority,
                };
            }
        }

        return desk.Issue(ActionTypes.UpdateDetails, visitId, args,
            new ActionBase { Version = visit?.Version ?? 0, Fields = visit is null ? null : fields });
    }

    private static ActionBase? Base(VisitDto? visit) => visit is null ? null : new ActionBase { Version = visit.Version };

    /// <summary>A visit the action suits in the desk's replica, or any (a fifth of the time), or one registered here and not yet synced.</summary>
    private static (Guid, VisitDto?)? Target(Random random, SimDesk desk, string type)
    {
        bool Suits(VisitDto v) => type switch
        {
            ActionTypes.Call or ActionTypes.NoShow or ActionTypes.Cancel => v.Status == "waiting",
            ActionTypes.Recall or ActionTypes.StartService or ActionTypes.Requeue => v.Status == "called" && v.DeskId == desk.DeskId,
            ActionTypes.Complete => v.Status == "serving" && v.DeskId == desk.DeskId,
            ActionTypes.Transfer => v.Status is "waiting" or "called",
            _ => v.Status is "waiting" or "called" or "serving",
        };

        var roll = random.Next(10);
        if (roll == 1 && random.Next(8) == 0)
        {
            return (NewGuid(random), null); // a visit nobody registered: rejected, and stored as such
        }

        if (roll == 0 && desk.LocalRegistrations.Count > 0)
        {
            return (desk.LocalRegistrations.ElementAt(random.Next(desk.LocalRegistrations.Count)), null);
        }

        var pool = roll <= 2 ? desk.Replica.Values.ToList() : desk.Replica.Values.Where(Suits).ToList();
        if (pool.Count == 0) return null;
        var visit = pool.OrderBy(v => v.Id).ElementAt(random.Next(pool.Count));
        return (visit.Id, visit);
    }
}
