namespace Reception.Data.Model;

/// <summary>One entry of a branch's change feed: the sync stream and the audit trail.</summary>
public sealed class Change
{
    public Guid BranchId { get; set; }
    public long Version { get; set; }
    public Guid VisitId { get; set; }

    /// <summary>The visit after the change, as wire JSON.</summary>
    public required string Data { get; set; }

    public Guid? ClientId { get; set; }
    public long? MutationId { get; set; }
    public required string By { get; set; }

    /// <summary>The desk of the login that made it (null for a manager, an admin or an API client).</summary>
    public Guid? DeskId { get; set; }
    public DateTime At { get; set; }
}
