namespace Reception.Data.Model;

/// <summary>
/// An action whose application failed transiently, kept in the same database until a
/// background retry applies it. The row, not the job store, is the source of truth: pending
/// rows are enqueued again at start-up.
/// </summary>
public sealed class InboxItem
{
    public long Id { get; set; }
    public Guid BranchId { get; set; }
    public Guid ClientId { get; set; }
    public long MutationId { get; set; }

    /// <summary>The action as the client sent it (wire JSON).</summary>
    public required string Action { get; set; }

    /// <summary>Who sent it (wire JSON of the caller), so the retry is authorised and recorded as them.</summary>
    public required string Caller { get; set; }

    public InboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>The final result (wire JSON) once applied or given up.</summary>
    public string? Result { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}

public enum InboxStatus
{
    Pending,
    Done,
    Failed,
}
