using System.Collections.Frozen;

namespace Reception.Sync.Dashboard;

/// <summary>
/// Every sentence and phrase of the conflicts page (<see cref="ProblemStory"/>), by code, with its
/// English. The catalog words the same codes as <c>conflicts.{code}</c> with the same
/// <c>{arguments}</c> in every language; an argument is text (a name, a ticket, a time) or another
/// <see cref="Words"/> (who, what was wanted, where the visit stands). A test checks the catalog's
/// English is this English.
/// </summary>
public static class ConflictCodes
{
    // Who.
    public const string WhoAtDesk = "who-at-desk";
    public const string ApiClient = "api-client";
    public const string AnApiClient = "an-api-client";
    public const string Someone = "someone";
    public const string AnotherDesk = "another-desk";
    public const string AVisitor = "a-visitor";
    public const string Named = "named";

    // What the desk tried.
    public const string Tried = "tried";
    public const string TriedOnce = "tried-once";
    public const string TriedTimes = "tried-times";
    public const string WishRegister = "wish-register";
    public const string WishDetails = "wish-details";
    public const string WishFields = "wish-fields";
    public const string WishCall = "wish-call";
    public const string WishCallNext = "wish-call-next";
    public const string WishRecall = "wish-recall";
    public const string WishStart = "wish-start";
    public const string WishComplete = "wish-complete";
    public const string WishNoShow = "wish-no-show";
    public const string WishCancel = "wish-cancel";
    public const string WishRequeue = "wish-requeue";
    public const string WishTransfer = "wish-transfer";
    public const string WishTransferTo = "wish-transfer-to";
    public const string WishChange = "wish-change";
    public const string WishOther = "wish-other";
    public const string FieldTo = "field-to";

    // What the server held.
    public const string HeldWaiting = "held-waiting";
    public const string HeldCalled = "held-called";
    public const string HeldServing = "held-serving";
    public const string HeldDone = "held-done";
    public const string HeldNoShow = "held-no-show";
    public const string HeldCancelled = "held-cancelled";
    public const string HeldField = "held-field";

    // Where the visit stands now.
    public const string NowWaiting = "now-waiting";
    public const string NowCalled = "now-called";
    public const string NowCalledDesk = "now-called-desk";
    public const string NowServing = "now-serving";
    public const string NowServingDesk = "now-serving-desk";
    public const string NowDone = "now-done";
    public const string NowDoneDesk = "now-done-desk";
    public const string NowNoShow = "now-no-show";
    public const string NowCancelled = "now-cancelled";

    // The outcome.
    public const string Gone = "gone";
    public const string FieldReapplied = "field-reapplied";
    public const string FieldWanted = "field-wanted";
    public const string FieldChangedAgain = "field-changed-again";
    public const string FieldOpen = "field-open";
    public const string MovedOn = "moved-on";
    public const string AlreadyEnded = "already-ended";
    public const string NothingToDo = "nothing-to-do";
    public const string StatusOpen = "status-open";
    public const string NeverRegistered = "never-registered";
    public const string Registered = "registered";
    public const string DoneSince = "done-since";
    public const string Ended = "ended";
    public const string FailedOpen = "failed-open";
    public const string DetailsDone = "details-done";
    public const string DetailsOpen = "details-open";

    // Fields and values.
    public const string FieldName = "field-name";
    public const string FieldPhone = "field-phone";
    public const string FieldNotes = "field-notes";
    public const string FieldPriority = "field-priority";
    public const string FieldService = "field-service";
    public const string FieldDesk = "field-desk";
    public const string Nothing = "nothing";
    public const string PriorityHigh = "priority-high";
    public const string PriorityNormal = "priority-normal";
    public const string Quoted = "quoted";
    public const string ListAnd = "list-and";
    public const string ListComma = "list-comma";

    /// <summary>Each code's English; <c>{name}</c> is an argument.</summary>
    public static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>
    {
        [WhoAtDesk] = "{who} (at {desk})",
        [ApiClient] = "API client {name}",
        [AnApiClient] = "an API client",
        [Someone] = "someone",
        [AnotherDesk] = "another desk",
        [AVisitor] = "a visitor",
        [Named] = "{ticket} {name}",

        [Tried] = "{who} tried to {wish}.",
        [TriedOnce] = "{who} tried to {wish}, but it was never saved: the server gave up after trying once.",
        [TriedTimes] = "{who} tried to {wish}, but it was never saved: the server gave up after trying {attempts} times.",
        [WishRegister] = "register {visitor}",
        [WishDetails] = "change the details of {visitor}",
        [WishFields] = "change {visitor}’s {changes}",
        [WishCall] = "call {visitor}",
        [WishCallNext] = "call the next visitor",
        [WishRecall] = "call {visitor} again",
        [WishStart] = "start serving {visitor}",
        [WishComplete] = "finish serving {visitor}",
        [WishNoShow] = "mark {visitor} as a no-show",
        [WishCancel] = "cancel the visit of {visitor}",
        [WishRequeue] = "put {visitor} back in the queue",
        [WishTransfer] = "move {visitor} to another service",
        [WishTransferTo] = "move {visitor} to {service}",
        [WishChange] = "change {visitor}",
        [WishOther] = "change {visitor} ({type})",
        [FieldTo] = "{field} to {value}",

        [HeldWaiting] = "{ticket} was waiting in the queue (last changed by {who}).",
        [HeldCalled] = "{who} had already called {ticket}.",
        [HeldServing] = "{who} was already serving {ticket}.",
        [HeldDone] = "{who} had already finished serving {ticket}.",
        [HeldNoShow] = "{who} had already marked {ticket} as a no-show.",
        [HeldCancelled] = "{who} had already cancelled the visit of {ticket}.",
        [HeldField] = "{who} had already changed the {field} to {value}.",

        [NowWaiting] = "waiting in the queue",
        [NowCalled] = "called at {time}",
        [NowCalledDesk] = "called to {desk} at {time}",
        [NowServing] = "being served since {time}",
        [NowServingDesk] = "being served at {desk} since {time}",
        [NowDone] = "served at {time}",
        [NowDoneDesk] = "served at {desk} at {time}",
        [NowNoShow] = "marked as a no-show at {time}",
        [NowCancelled] = "cancelled at {time}",

        [Gone] = "The visit is no longer on record.",
        [FieldReapplied] = "{who} re-applied the {field} {value} at {time}.",
        [FieldWanted] = "The {field} is now {value}, as {who} wanted.",
        [FieldChangedAgain] = "{who} changed the {field} again at {time}: it is now {value}.",
        [FieldOpen] = "The {field} is still {current}; {who} has not re-applied {wanted}. If {current} is right, nothing needs doing.",
        [MovedOn] = "The visit moved on: {ticket} is now {now}.",
        [AlreadyEnded] = "Nothing to do: the visit had already ended ({now}).",
        [NothingToDo] = "Nothing to do: {ticket} is now {now}.",
        [StatusOpen] = "Nothing has changed since: {ticket} is still {now}. Check with the desks that this is right.",
        [NeverRegistered] = "This visitor was never registered. If they are still here, register them again.",
        [Registered] = "The visitor is registered: {ticket} is now {now}.",
        [DoneSince] = "Done since, as {who} wanted: {ticket} is now {now}.",
        [Ended] = "Nothing to do: the visit has ended. {ticket} is now {now}.",
        [FailedOpen] = "{ticket} is now {now}. If {who} still needs this, do it again at the desk.",
        [DetailsDone] = "The details are now as {who} wanted.",
        [DetailsOpen] = "The {fields} still differ from what {who} sent. Edit them again at the desk if needed.",

        [FieldName] = "name",
        [FieldPhone] = "phone",
        [FieldNotes] = "notes",
        [FieldPriority] = "priority",
        [FieldService] = "service",
        [FieldDesk] = "desk",
        [Nothing] = "nothing",
        [PriorityHigh] = "high",
        [PriorityNormal] = "normal",
        [Quoted] = "“{text}”",
        [ListAnd] = "{first} and {last}",
        [ListComma] = "{first}, {rest}",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code, for the catalog's test.</summary>
    public static readonly IReadOnlyList<string> All = [.. English.Keys.Order(StringComparer.Ordinal)];
}
