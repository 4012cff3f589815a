using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reception.Sync.Wire;

/// <summary>One action as a client sends it (docs/protocol.md, "Actions").</summary>
public sealed record SyncAction
{
    public Guid ClientId { get; init; }
    public long MutationId { get; init; }
    public string? Type { get; init; }
    public Guid? VisitId { get; init; }

    [JsonPropertyName("base")]
    public ActionBase? Base { get; init; }

    public JsonElement? Args { get; init; }
}

/// <summary>What the client last saw of the visit: its version and, for edits, the stamp of each field.</summary>
public sealed record ActionBase
{
    public long? Version { get; init; }
    public Dictionary<string, long>? Fields { get; init; }
}

public static class ActionTypes
{
    public const string Register = "register";
    public const string UpdateDetails = "updateDetails";
    public const string Call = "call";
    public const string CallNext = "callNext";
    public const string Recall = "recall";
    public const string StartService = "startService";
    public const string Complete = "complete";
    public const string NoShow = "noShow";
    public const string Cancel = "cancel";
    public const string Requeue = "requeue";
    public const string Transfer = "transfer";
    public const string Reinstate = "reinstate";

    /// <summary>The visitor asks for a few more minutes: moves back in line, once (branch setting).</summary>
    public const string Postpone = "postpone";

    public static readonly IReadOnlyList<string> All =
        [Register, UpdateDetails, Call, CallNext, Recall, StartService, Complete, NoShow, Cancel, Requeue, Transfer, Reinstate, Postpone];
}
