using Reception.Sync.Wire;

namespace Reception.Tests.Soak;

/// <summary>
/// The desks' action mix, one definition for the in-process simulation and the real-process soak
/// (bench/Reception.Soak builds this file too): how often each type comes, what a registration and
/// an edit carry, and which visits an action suits. The random draws keep their order, so a seed
/// replays the same actions.
/// </summary>
public static class ActionMix
{
    private static readonly (string Type, int Weight)[] Weights =
    [
        (ActionTypes.Register, 18), (ActionTypes.UpdateDetails, 14), (ActionTypes.Call, 9), (ActionTypes.CallNext, 9),
        (ActionTypes.Recall, 5), (ActionTypes.StartService, 9), (ActionTypes.Complete, 8), (ActionTypes.NoShow, 4),
        (ActionTypes.Cancel, 4), (ActionTypes.Requeue, 6), (ActionTypes.Transfer, 6), (ActionTypes.Reinstate, 3),
    ];

    /// <summary>
    /// The action types desks send, each drawn by the mix; the visitor's own (postpone) is not a desk's
    /// and is covered by the visitor tests.
    /// </summary>
    public static IReadOnlyList<string> Types { get; } = Weights.Select(w => w.Type).ToArray();

    private static readonly string[] Names = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken"];

    public static string Pick(Random random)
    {
        var roll = random.Next(Weights.Sum(w => w.Weight));
        foreach (var (type, weight) in Weights)
        {
            if ((roll -= weight) < 0) return type;
        }

        return ActionTypes.Register;
    }

    public static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A registration's arguments: the service drawn by the caller first, then a name, sometimes a phone and priority.</summary>
    public static Dictionary<string, object?> Registration(Random random, Guid serviceId)
    {
        var args = new Dictionary<string, object?>
        {
            ["serviceId"] = serviceId,
            ["name"] = $"{Names[random.Next(Names.Length)]} {random.Next(1000)}",
        };
        if (random.Next(2) == 0) args["phone"] = $"+44 20 7946 {random.Next(10000):D4}";
        if (random.Next(4) == 0) args["priority"] = 1;
        return args;
    }

    /// <summary>
    /// An updateDetails of some fields (never priority alone), based on the field versions the desk
    /// saw; a visit it has not seen yet (<paramref name="visit"/> null) has none.
    /// </summary>
    public static (Dictionary<string, object?> Args, ActionBase Base) Edit(Random random, VisitDto? visit, string noteSuffix)
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
                "notes" => $"note {random.Next(100)}{noteSuffix}",
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

        return (args, new ActionBase { Version = visit?.Version ?? 0, Fields = visit is null ? null : fields });
    }

    public static ActionBase? Base(VisitDto? visit) => visit is null ? null : new ActionBase { Version = visit.Version };

    /// <summary>Whether an action of <paramref name="type"/> makes sense for <paramref name="visit"/> at desk <paramref name="deskId"/>.</summary>
    public static bool Suits(string type, VisitDto visit, Guid deskId) => type switch
    {
        ActionTypes.Call or ActionTypes.NoShow or ActionTypes.Cancel => visit.Status == "waiting",
        ActionTypes.Recall or ActionTypes.StartService or ActionTypes.Requeue => visit.Status == "called" && visit.DeskId == deskId,
        ActionTypes.Complete => visit.Status == "serving" && visit.DeskId == deskId,
        ActionTypes.Transfer => visit.Status is "waiting" or "called",
        ActionTypes.Reinstate => visit.Status is "noShow" or "cancelled",
        _ => visit.Status is "waiting" or "called" or "serving",
    };
}
