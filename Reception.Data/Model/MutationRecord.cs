namespace Reception.Data.Model;

/// <summary>The stored result of one applied mutation, answered again to a duplicate.</summary>
public sealed class MutationRecord
{
    public Guid BranchId { get; set; }
    public Guid ClientId { get; set; }
    public long MutationId { get; set; }

    /// <summary>Hash of the action's payload: a replay with another payload is refused.</summary>
    public required string PayloadHash { get; set; }

    public required string Status { get; set; }
    public required string Result { get; set; }
    public DateTime At { get; set; }

    /// <summary>For a conflict only: the action as the client sent it (wire JSON), so a manager sees the desk's values.</summary>
    public string? Action { get; set; }

    /// <summary>For a conflict only: who sent the action.</summary>
    public string? By { get; set; }
}
