using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>How an action is being applied: live from a push (the default), or by the inbox's background retry.</summary>
public sealed record ApplyOptions
{
    public static readonly ApplyOptions Live = new();

    /// <summary>The inbox's own retry: the action is not queued behind itself.</summary>
    public bool FromInbox { get; init; }

    /// <summary>When set, the action is not merged but answered rejected with this reason, as a final
    /// result that still advances the client's mutation id (a background retry giving up).</summary>
    public Reason? GiveUpReason { get; init; }

    /// <summary>When the action was sent and received, for what may go stale (a callNext).</summary>
    public PushTiming? Timing { get; init; }

    public static ApplyOptions Pushed(PushTiming timing) => new() { Timing = timing };

    public static ApplyOptions InboxRetry(PushTiming timing) => new() { FromInbox = true, Timing = timing };

    public static ApplyOptions GiveUp(Reason reason) => new() { FromInbox = true, GiveUpReason = reason };
}

/// <summary>What applying one action came to.</summary>
public abstract record ApplyOutcome
{
    private ApplyOutcome()
    {
    }

    /// <summary>The action's one result: applied, duplicate, conflict or rejected (stored, or a refusal that stores nothing).</summary>
    public sealed record Answered(ActionResult Result) : ApplyOutcome;

    /// <summary>An earlier action of the same client waits in the inbox: this one must queue behind it. Nothing was written.</summary>
    public sealed record BehindInbox : ApplyOutcome;
}

/// <summary>What applying a push's actions together came to.</summary>
public abstract record BatchOutcome
{
    private BatchOutcome()
    {
    }

    /// <summary>Every action's result, in order, committed together.</summary>
    public sealed record Answered(IReadOnlyList<ActionResult> Results) : BatchOutcome;

    /// <summary>Nothing was written; apply the actions one at a time instead, for this reason.</summary>
    public sealed record OneByOne(OneByOneReason Why) : BatchOutcome;
}

public enum OneByOneReason
{
    /// <summary>A single action: nothing to share.</summary>
    SingleAction,

    /// <summary>Every action is already settled (a re-send): each is answered from the ledger.</summary>
    AlreadySettled,

    /// <summary>A client of the batch has an action waiting in the inbox: the one-by-one path defers behind it.</summary>
    BehindInbox,

    /// <summary>The database failed, or refused a write at the batch's save: rolled back, met again action by action.</summary>
    Failed,
}
