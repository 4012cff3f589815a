using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>
/// Random actions of every type (<see cref="ActionMix"/>), aimed mostly at visits in a state where
/// they make sense (so most apply) and sometimes at any visit (so conflicts and rejections happen too).
/// </summary>
public static class SimWorkload
{
    public static Guid NewGuid(Random random) => ActionMix.NewGuid(random);

    /// <summary>Issues one random action from the desk; callNext only while online (docs/protocol.md, "callNext").</summary>
    public static IssuedAction Next(Random random, SimDesk desk, TestBranch branch, bool online)
    {
        var type = ActionMix.Pick(random);
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
                desk.Issue(type, visitId, new { deskId = desk.DeskId }, ActionMix.Base(visit)),
            ActionTypes.Transfer => desk.Issue(type, visitId,
                new { serviceId = random.Next(2) == 0 ? branch.General : branch.Billing }, ActionMix.Base(visit)),
            _ => desk.Issue(type, visitId, null, ActionMix.Base(visit)),
        };
    }

    private static IssuedAction Register(Random random, SimDesk desk, TestBranch branch)
    {
        var args = ActionMix.Registration(random, random.Next(3) == 0 ? branch.Billing : branch.General);
        return desk.Issue(ActionTypes.Register, ActionMix.NewGuid(random), args);
    }

    private static IssuedAction Edit(Random random, SimDesk desk, Guid visitId, VisitDto? visit)
    {
        var (args, @base) = ActionMix.Edit(random, visit, noteSuffix: $" from desk {desk.Index}");
        return desk.Issue(ActionTypes.UpdateDetails, visitId, args, @base);
    }

    /// <summary>A visit the action suits in the desk's replica, or any (a fifth of the time), or one registered here and not yet synced.</summary>
    private static (Guid, VisitDto?)? Target(Random random, SimDesk desk, string type)
    {
        var roll = random.Next(10);
        if (roll == 1 && random.Next(8) == 0)
        {
            return (ActionMix.NewGuid(random), null); // a visit nobody registered: rejected, and stored as such
        }

        if (roll == 0 && desk.LocalRegistrations.Count > 0)
        {
            return (desk.LocalRegistrations.ElementAt(random.Next(desk.LocalRegistrations.Count)), null);
        }

        var pool = roll <= 2 ? desk.Replica.Values.ToList() : desk.Replica.Values.Where(v => ActionMix.Suits(type, v, desk.DeskId)).ToList();
        if (pool.Count == 0) return null;
        var visit = pool.OrderBy(v => v.Id).ElementAt(random.Next(pool.Count));
        return (visit.Id, visit);
    }
}
