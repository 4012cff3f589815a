using System.Collections.Frozen;

namespace Reception.Sync.Wire;

/// <summary>
/// Every reason a result can carry (its reasonCode, kebab-case, stable: docs/protocol.md "Reasons"),
/// with the one English sentence of each. The catalog words the same codes as <c>reasons.{code}</c>
/// with the same <c>{arguments}</c>, in every language; a test checks that it has them all.
/// </summary>
public static class ReasonCodes
{
    // Numbering: the client's mutation ids (Ledger).
    public const string ClientIdMissing = "client-id-missing";
    public const string MutationIdInvalid = "mutation-id-invalid";
    public const string MutationIdSkipped = "mutation-id-skipped";
    public const string MutationIdReused = "mutation-id-reused";
    public const string MutationIdPending = "mutation-id-pending";
    public const string ResultPruned = "result-pruned";
    public const string Deferred = "deferred";
    public const string GaveUp = "gave-up";

    // The action's shape (ActionParser, PlainText).
    public const string TypeMissing = "type-missing";
    public const string TypeUnknown = "type-unknown";
    public const string VisitIdMissing = "visit-id-missing";
    public const string CallNextVisitId = "call-next-visit-id";
    public const string ArgsNotObject = "args-not-object";
    public const string ArgMissing = "arg-missing";
    public const string ArgNotText = "arg-not-text";
    public const string ArgNotId = "arg-not-id";
    public const string ArgNotIdList = "arg-not-id-list";
    public const string ArgNotTime = "arg-not-time";
    public const string ArgUnknown = "arg-unknown";
    public const string ArgNotEditable = "arg-not-editable";
    public const string PriorityInvalid = "priority-invalid";
    public const string TicketInvalid = "ticket-invalid";
    public const string EditEmpty = "edit-empty";
    public const string EditBaseMissing = "edit-base-missing";
    public const string EditBaseField = "edit-base-field";
    public const string NameEmpty = "name-empty";
    public const string TextTooLong = "text-too-long";
    public const string TextBroken = "text-broken";
    public const string TextDirection = "text-direction";
    public const string TextSeparator = "text-separator";
    public const string TextInvisible = "text-invisible";
    public const string TextControl = "text-control";
    public const string TextFormat = "text-format";
    public const string TextUnassigned = "text-unassigned";

    // What the action names (ActionDecider, Caller).
    public const string VisitExists = "visit-exists";
    public const string VisitUnknown = "visit-unknown";
    public const string VisitOtherBranch = "visit-other-branch";
    public const string ServiceUnknown = "service-unknown";
    public const string ServiceNotOpen = "service-not-open";

    /// <summary>A call of a visitor (or a registration) for a service an admin closed: transfer the visitor to an open service first.</summary>
    public const string ServiceClosed = "service-closed";

    public const string DeskUnknown = "desk-unknown";
    public const string DeskVisitor = "desk-visitor";
    public const string DeskKiosk = "desk-kiosk";
    public const string DeskNone = "desk-none";
    public const string DeskOther = "desk-other";
    public const string NobodyWaiting = "nobody-waiting";

    /// <summary>A callNext that waited too long on the desk (offline) or on the server, told in the largest unit that reads well.</summary>
    public const string CallNextOfflineSeconds = "call-next-offline-seconds";
    public const string CallNextOfflineMinutes = "call-next-offline-minutes";
    public const string CallNextOfflineHours = "call-next-offline-hours";
    public const string CallNextOfflineDay = "call-next-offline-day";
    public const string CallNextLateSeconds = "call-next-late-seconds";
    public const string CallNextLateMinutes = "call-next-late-minutes";
    public const string CallNextLateHours = "call-next-late-hours";
    public const string CallNextLateDay = "call-next-late-day";
    public const string PostponeOff = "postpone-off";
    public const string PostponeTwice = "postpone-twice";

    // The visit's status (StatusMachine, Postpone, DetailsMerge).

    /// <summary>A reinstate of a visit that was served (done): only no-shows and cancellations come back.</summary>
    public const string ReinstateDone = "reinstate-done";

    /// <summary>A reinstate of a visit of another day: its ticket is over; register the visitor again.</summary>
    public const string ReinstateOtherDay = "reinstate-other-day";

    public const string CalledElsewhere = "called-elsewhere";
    public const string ServingElsewhere = "serving-elsewhere";
    public const string RecallOtherDesk = "recall-other-desk";
    public const string ServeOtherDesk = "serve-other-desk";
    public const string VisitWaiting = "visit-waiting";
    public const string VisitCalled = "visit-called";
    public const string VisitServing = "visit-serving";
    public const string VisitDone = "visit-done";
    public const string VisitNoShow = "visit-no-show";
    public const string VisitCancelled = "visit-cancelled";
    public const string DetailsChanged = "details-changed";

    private const string Offline = " before it could reach the server (the connection was down), so no one was called. Press Call next again if the desk is free.";
    private const string Late = " before the server could apply it (its database was failing), so no one was called. Press Call next again if the desk is free.";

    /// <summary>Each code's English sentence; <c>{name}</c> is an argument of the reason.</summary>
    public static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>
    {
        [ClientIdMissing] = "clientId is missing: every action names the browser or device that made it.",
        [MutationIdInvalid] = "mutationId must be a whole number from 1 up, one more for each action of the client.",
        [MutationIdSkipped] = "Expected mutationId {expected} from this client, got {got}: actions {expected}–{last} never arrived. Send them first, in order.",
        [MutationIdReused] = "mutationId {got} was already used by this client for a different action. Number new actions from {expected}.",
        [MutationIdPending] = "mutationId {got} was already used by this client for a different action, which is waiting to be applied. Number new actions after it.",
        [ResultPruned] = "This action was applied earlier; its result is no longer kept.",
        [Deferred] = "Stored, and being applied in the background: the database was briefly busy. The result follows in the change feed.",
        [GaveUp] = "This action could not be applied after {attempts} attempts (the database kept failing: {error}). Check it and do it again.",

        [TypeMissing] = "The action has no type. Use one of: {types}.",
        [TypeUnknown] = "Unknown action type '{type}'. Use one of: {types}.",
        [VisitIdMissing] = "{type} needs visitId, the visit's id.",
        [CallNextVisitId] = "callNext picks the visitor itself: leave visitId null.",
        [ArgsNotObject] = "args of {type} must be a JSON object.",
        [ArgMissing] = "{type} needs args.{name}.",
        [ArgNotText] = "args.{name} must be text.",
        [ArgNotId] = "args.{name} must be an id (a GUID such as 3f2b8c1e-…).",
        [ArgNotIdList] = "args.{name} must be a list of ids (GUIDs).",
        [ArgNotTime] = "args.{name} must be an ISO-8601 time such as 2026-11-24T09:30:00Z.",
        [ArgUnknown] = "{type} does not take args.{name}.",
        [ArgNotEditable] = "{type} does not take args.{name}; it changes name, phone, notes, priority.",
        [PriorityInvalid] = "args.priority must be 0 (normal) or 1 (high).",
        [TicketInvalid] = "args.ticket must be a leased ticket number (a positive whole number).",
        [EditEmpty] = "updateDetails changes nothing: give at least one of name, phone, notes, priority.",
        [EditBaseMissing] = "updateDetails needs base.version, the version of the visit you last saw, so that another desk's newer edit is not overwritten.",
        [EditBaseField] = "base.fields names '{name}', which is not an editable field (name, phone, notes, priority).",
        [NameEmpty] = "The visitor's name is empty; type a name.",
        [TextTooLong] = "The {field} is {length} characters long; at most {max} are allowed.",
        [TextBroken] = "The {field} contains a broken character (half of a UTF-16 surrogate pair, or bytes that are not UTF-8, shown as U+FFFD); type it again and send it.",
        [TextDirection] = "The {field} contains an invisible direction control ({character}), which can make the text read differently on the public screen; remove it and send again.",
        [TextSeparator] = "The {field} contains a line or paragraph separator ({character}); remove it and send again.",
        [TextInvisible] = "The {field} contains a character that shows as nothing ({character}); remove it and send again.",
        [TextControl] = "The {field} contains a control character ({character}); remove it and send again.",
        [TextFormat] = "The {field} contains an invisible formatting character ({character}); remove it and send again.",
        [TextUnassigned] = "The {field} contains {character}, which is not an assigned character; remove it and send again.",

        [VisitExists] = "A visit with id {visitId} already exists; a new visitor needs a new id.",
        [VisitUnknown] = "There is no visit {visitId}. It may not have synced yet; register it first.",
        [VisitOtherBranch] = "Visit {visitId} belongs to another branch.",
        [ServiceUnknown] = "There is no service {serviceId} at branch '{branch}'. Reload the list of services.",
        [ServiceNotOpen] = "There is no open service {serviceId} at branch '{branch}'.",
        [ServiceClosed] = "The service {service} is closed: no one joins it or is called from it. Register or transfer the visitor to an open service.",
        [DeskUnknown] = "There is no open desk {deskId} at branch '{branch}'.",
        [DeskVisitor] = "A visitor cannot act for {desk}: only a desk calls and serves.",
        [DeskKiosk] = "A kiosk cannot act for {desk}: it only registers visitors.",
        [DeskNone] = "{login} has no desk of its own, so it cannot act for {desk}. Ask an administrator to give the login a desk.",
        [DeskOther] = "{login} works at another desk and cannot act for {desk}. Sign in with {desk}'s login.",
        [NobodyWaiting] = "No one is waiting for this desk's open services.",
        [CallNextOfflineSeconds] = "Call next was pressed {count} seconds" + Offline,
        [CallNextOfflineMinutes] = "Call next was pressed {count} minutes" + Offline,
        [CallNextOfflineHours] = "Call next was pressed {count} hours" + Offline,
        [CallNextOfflineDay] = "Call next was pressed more than a day" + Offline,
        [CallNextLateSeconds] = "Call next waited {count} seconds" + Late,
        [CallNextLateMinutes] = "Call next waited {count} minutes" + Late,
        [CallNextLateHours] = "Call next waited {count} hours" + Late,
        [CallNextLateDay] = "Call next waited more than a day" + Late,
        [PostponeOff] = "This branch does not let visitors move back in line.",
        [PostponeTwice] = "Visit {ticket} has already been moved back once; it cannot be moved back again.",

        [ReinstateDone] = "Visit {ticket} was served (done); only a no-show or a cancelled visit can be put back in the queue.",
        [ReinstateOtherDay] = "Visit {ticket} is from another day; a visitor can only be put back in the queue on the day of the ticket. Register them again.",
        [CalledElsewhere] = "Visit {ticket} is already called at another desk.",
        [ServingElsewhere] = "Visit {ticket} is already being served at another desk.",
        [RecallOtherDesk] = "Visit {ticket} was called by another desk; only that desk can recall it.",
        [ServeOtherDesk] = "Visit {ticket} was called by another desk; only that desk can serve it.",
        [VisitWaiting] = "Visit {ticket} is waiting; this does not apply to it now.",
        [VisitCalled] = "Visit {ticket} is called; this does not apply to it now.",
        [VisitServing] = "Visit {ticket} is being served; this does not apply to it now.",
        [VisitDone] = "Visit {ticket} is done; this does not apply to it any more.",
        [VisitNoShow] = "Visit {ticket} is marked as a no-show; this does not apply to it any more.",
        [VisitCancelled] = "Visit {ticket} is cancelled; this does not apply to it any more.",
        [DetailsChanged] = "Another desk changed {fields} of {ticket} after you last saw it.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code, for the documentation and the catalog's test.</summary>
    public static readonly IReadOnlyList<string> All = [.. English.Keys.Order(StringComparer.Ordinal)];
}
