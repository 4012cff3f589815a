using System.Text.Json;
using Reception.Sync.Wire;

namespace Reception.Bench;

/// <summary>
/// One desk's actions, as a desk online pushing as it goes would send them: each visitor is
/// registered, gets a phone number, is called, served and completed. Both sides of the
/// benchmark apply exactly these actions.
/// </summary>
internal sealed class DeskScript(BenchBranch branch, int desk)
{
    public static readonly string[] Steps =
        [ActionTypes.Register, ActionTypes.UpdateDetails, ActionTypes.Call, ActionTypes.StartService, ActionTypes.Complete];

    private long _mutationId;
    private int _visitors;
    private Guid _visitId;

    public Guid ClientId { get; } = Guid.NewGuid();
    public BenchBranch Branch => branch;
    public BenchDesk Desk => branch.Desks[desk];

    /// <summary>The next action; <paramref name="seen"/> is the visit as this desk last saw it (an edit's base).</summary>
    public SyncAction Next(VisitDto? seen)
    {
        var type = Steps[_mutationId % Steps.Length];
        if (type == ActionTypes.Register)
        {
            _visitId = Guid.NewGuid();
            _visitors++;
        }

        var n = _visitors;
        return new SyncAction
        {
            ClientId = ClientId,
            MutationId = ++_mutationId,
            Type = type,
            VisitId = _visitId,
            Base = type == ActionTypes.UpdateDetails && seen is not null
                ? new ActionBase { Version = seen.Version, Fields = new() { ["phone"] = seen.FieldVersions.Phone } }
                : null,
            Args = type switch
            {
                ActionTypes.Register => Json(new { serviceId = branch.Services[n % 2].Id, name = $"Visitor {desk + 1}-{n:0000}" }),
                ActionTypes.UpdateDetails => Json(new { phone = $"+44 20 7946 {n % 10000:0000}" }),
                ActionTypes.Call or ActionTypes.StartService => Json(new { deskId = Desk.Id }),
                _ => null,
            },
        };
    }

    /// <summary>Splits <paramref name="actions"/> over <paramref name="desks"/> desks as evenly as possible.</summary>
    public static int[] Share(int actions, int desks) =>
        Enumerable.Range(0, desks).Select(d => actions / desks + (d < actions % desks ? 1 : 0)).ToArray();

    private static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value, WireJson.Options);
}
