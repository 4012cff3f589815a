using Reception.Data.Model;
using Reception.Sync.Wire;
using static Reception.Sync.Dashboard.ConflictCodes;

namespace Reception.Sync.Dashboard;

/// <summary>
/// The conflicts page's phrases: what a desk tried, what the server already held, and where the
/// visit stands now, as <see cref="Words"/> (codes and arguments; pages word them in the reader's
/// language). Pure: names and times come in as arguments.
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
    public static Words Wish(string? type, object visitor, object? changes, string? service) => type switch
    {
        ActionTypes.Register => Words.Of(WishRegister, ("visitor", visitor)),
        ActionTypes.UpdateDetails => changes is null ? Words.Of(WishDetails, ("visitor", visitor))
            : Words.Of(WishFields, ("visitor", visitor), ("changes", changes)),
        ActionTypes.Call => Words.Of(WishCall, ("visitor", visitor)),
        ActionTypes.CallNext => Words.Of(WishCallNext),
        ActionTypes.Recall => Words.Of(WishRecall, ("visitor", visitor)),
        ActionTypes.StartService => Words.Of(WishStart, ("visitor", visitor)),
        ActionTypes.Complete => Words.Of(WishComplete, ("visitor", visitor)),
        ActionTypes.NoShow => Words.Of(WishNoShow, ("visitor", visitor)),
        ActionTypes.Cancel => Words.Of(WishCancel, ("visitor", visitor)),
        ActionTypes.Requeue => Words.Of(WishRequeue, ("visitor", visitor)),
        ActionTypes.Transfer => service is null ? Words.Of(WishTransfer, ("visitor", visitor))
            : Words.Of(WishTransferTo, ("visitor", visitor), ("service", service)),
        null => Words.Of(WishChange, ("visitor", visitor)),
        _ => Words.Of(WishOther, ("visitor", visitor), ("type", type)),
    };

    /// <summary>"phone to “333” and notes to nothing".</summary>
    public static object Changes(IEnumerable<(string Field, string? Value)> fields) =>
        JoinAnd(fields.Select(f => (object)Words.Of(FieldTo, ("field", FieldName(f.Field)), ("value", Quote(f.Field, f.Value)))));

    /// <summary>What the server held when the desk's action arrived: "Desk 1 had already called A-004."</summary>
    public static Words Held(VisitStatus status, object ticket, object who) => Words.Of(status switch
    {
        VisitStatus.Called => HeldCalled,
        VisitStatus.Serving => HeldServing,
        VisitStatus.Done => HeldDone,
        VisitStatus.NoShow => HeldNoShow,
        VisitStatus.Cancelled => HeldCancelled,
        _ => HeldWaiting,
    }, ("ticket", ticket), ("who", who));

    /// <summary>"Desk 1 had already changed the phone to “222”."</summary>
    public static Words HeldField(string field, string? value, object who) =>
        Words.Of(ConflictCodes.HeldField, ("who", who), ("field", FieldName(field)), ("value", Quote(field, value)));

    /// <summary>Where a visit stands now: "called to Desk 1 at 15:02", "done at 15:10".</summary>
    public static Words Now(VisitStatus status, string? desk, string time) => status switch
    {
        VisitStatus.Called => desk is null ? Words.Of(NowCalled, ("time", time)) : Words.Of(NowCalledDesk, ("desk", desk), ("time", time)),
        VisitStatus.Serving => desk is null ? Words.Of(NowServing, ("time", time)) : Words.Of(NowServingDesk, ("desk", desk), ("time", time)),
        VisitStatus.Done => desk is null ? Words.Of(NowDone, ("time", time)) : Words.Of(NowDoneDesk, ("desk", desk), ("time", time)),
        VisitStatus.NoShow => Words.Of(NowNoShow, ("time", time)),
        VisitStatus.Cancelled => Words.Of(NowCancelled, ("time", time)),
        _ => Words.Of(NowWaiting),
    };

    public static bool IsFinal(VisitStatus status) => status is VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled;

    /// <summary>A field as a person names it; a field the page does not know stays as on the wire.</summary>
    public static object FieldName(string field) => field switch
    {
        "name" => Words.Of(ConflictCodes.FieldName),
        "phone" => Words.Of(FieldPhone),
        "notes" => Words.Of(FieldNotes),
        "priority" => Words.Of(FieldPriority),
        "serviceId" => Words.Of(FieldService),
        "deskId" => Words.Of(FieldDesk),
        _ => field,
    };

    /// <summary>A field's value as a person reads it: quoted text, "high"/"normal" priority, "nothing".</summary>
    public static Words Quote(string field, string? value) => (field, value) switch
    {
        (_, null or "") => Words.Of(Nothing),
        ("priority", "1") => Words.Of(PriorityHigh),
        ("priority", _) => Words.Of(PriorityNormal),
        _ => Words.Of(Quoted, ("text", value)),
    };

    /// <summary>"a, b and c", in the reader's language.</summary>
    public static object JoinAnd(IEnumerable<object> parts)
    {
        var list = parts.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            2 => Words.Of(ListAnd, ("first", list[0]), ("last", list[1])),
            _ => Words.Of(ListComma, ("first", list[0]), ("rest", JoinAnd(list.Skip(1)))),
        };
    }
}
