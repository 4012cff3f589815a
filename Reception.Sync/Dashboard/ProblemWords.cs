using System.Globalization;
using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>
/// The conflicts page's sentences: what a desk tried, what the server already held, and where the
/// visit stands now, in a manager's words. Pure: names and times come in as arguments.
/// </summary>
public static class ProblemWords
{
    /// <summary>The status an action moves a visit to; null for actions that are not a transition.</summary>
    public static VisitStatus? StatusWanted(string? type) => type switch
    {
        ActionTypes.Call or ActionTypes.CallNext or ActionTypes.Recall => VisitStatus.Called,
        ActionTypes.StartService => VisitStatus.Serving,
        ActionTypes.Complete => VisitStatus.Done,
        ActionTypes.NoShow => VisitStatus.NoShow,
        ActionTypes.Cancel => VisitStatus.Cancelled,
        ActionTypes.Requeue or ActionTypes.Transfer => VisitStatus.Waiting,
        _ => null,
    };

    /// <summary>"mark A-004 Ana Li as a no-show": what an action asks, to follow "tried to".</summary>
    public static string Wish(string? type, string visitor, string? changes, string? service) => type switch
    {
        ActionTypes.Register => $"register {visitor}",
        ActionTypes.UpdateDetails => changes is null ? $"change the details of {visitor}" : $"change {visitor}’s {changes}",
        ActionTypes.Call => $"call {visitor}",
        ActionTypes.CallNext => "call the next visitor",
        ActionTypes.Recall => $"call {visitor} again",
        ActionTypes.StartService => $"start serving {visitor}",
        ActionTypes.Complete => $"finish serving {visitor}",
        ActionTypes.NoShow => $"mark {visitor} as a no-show",
        ActionTypes.Cancel => $"cancel the visit of {visitor}",
        ActionTypes.Requeue => $"put {visitor} back in the queue",
        ActionTypes.Transfer => service is null ? $"move {visitor} to another service" : $"move {visitor} to {service}",
        null => $"change {visitor}",
        _ => $"change {visitor} ({type})",
    };

    /// <summary>"phone to “333” and notes to nothing".</summary>
    public static string Changes(IEnumerable<(string Field, string? Value)> fields) =>
        JoinAnd(fields.Select(f => $"{FieldName(f.Field)} to {Quote(f.Field, f.Value)}"));

    /// <summary>What the server held when the desk's action arrived: "Desk 1 had already called A-004."</summary>
    public static string Held(VisitStatus status, string ticket, string who) => status switch
    {
        VisitStatus.Waiting => $"{ticket} was waiting in the queue (last changed by {who}).",
        VisitStatus.Called => $"{who} had already called {ticket}.",
        VisitStatus.Serving => $"{who} was already serving {ticket}.",
        VisitStatus.Done => $"{who} had already finished serving {ticket}.",
        VisitStatus.NoShow => $"{who} had already marked {ticket} as a no-show.",
        VisitStatus.Cancelled => $"{who} had already cancelled the visit of {ticket}.",
        _ => $"{ticket} was {StatusNames.Describe(status)}.",
    };

    /// <summary>"Desk 1 had already changed the phone to “222”."</summary>
    public static string HeldField(string field, string? value, string who) =>
        $"{who} had already changed the {FieldName(field)} to {Quote(field, value)}.";

    /// <summary>Where a visit stands now: "called to Desk 1 at 15:02", "done at 15:10".</summary>
    public static string Now(VisitStatus status, string? desk, string? time) => status switch
    {
        VisitStatus.Waiting => "waiting in the queue",
        VisitStatus.Called => $"called{At(desk, "to")}{Time(time)}",
        VisitStatus.Serving => $"being served{At(desk, "at")}{Since(time)}",
        VisitStatus.Done => $"served{At(desk, "at")}{Time(time)}",
        VisitStatus.NoShow => $"marked as a no-show{Time(time)}",
        VisitStatus.Cancelled => $"cancelled{Time(time)}",
        _ => StatusNames.Describe(status),
    };

    public static bool IsFinal(VisitStatus status) => status is VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled;

    public static string FieldName(string field) => field switch
    {
        "serviceId" => "service",
        "deskId" => "desk",
        _ => field,
    };

    /// <summary>A field's value as a person reads it: quoted text, "high"/"normal" priority, "nothing".</summary>
    public static string Quote(string field, string? value) => (field, value) switch
    {
        (_, null or "") => "nothing",
        ("priority", "1") => "high",
        ("priority", _) => "normal",
        _ => $"“{value}”",
    };

    public static string JoinAnd(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }

    public static string Times(int n) => n == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{n} times");

    private static string At(string? desk, string preposition) => desk is null ? "" : $" {preposition} {desk}";

    private static string Time(string? time) => time is null ? "" : $" at {time}";

    private static string Since(string? time) => time is null ? "" : $" since {time}";
}
