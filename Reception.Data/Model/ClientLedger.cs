namespace Reception.Data.Model;

/// <summary>Per branch and client: the last mutation applied, so that replays are recognised.</summary>
public sealed class ClientLedger
{
    public Guid BranchId { get; set; }
    public Guid ClientId { get; set; }
    public long LastMutationId { get; set; }
    public DateTime LastContactAt { get; set; }
}
