namespace Reception.Data.Model;

/// <summary>
/// Part of the client ledger: who a clientId belongs to, recorded the first time it is used (a
/// login's user id, or "apiclient:{id}" for an API client). Nobody else may act, lease tickets or
/// spend mutation ids under it: exactly-once is worthless if another caller can spend your ids.
/// Never changes once written.
/// </summary>
public sealed class ClientOwner
{
    public Guid ClientId { get; set; }
    public string Owner { get; set; } = "";
    public DateTime FirstSeenAt { get; set; }
}
