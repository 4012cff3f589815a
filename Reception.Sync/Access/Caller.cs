namespace Reception.Sync.Access;

public enum CallerKind
{
    Desk,
    Manager,
    Admin,
    ApiClient,
}

/// <summary>
/// Who is asking, as the transport established it (cookie, bearer token or API key). Every
/// action and read is authorised against it here, once, for every transport.
/// </summary>
/// <param name="Name">Recorded as "by" in the change feed.</param>
/// <param name="BranchId">The caller's branch; null for a Manager or Admin of every branch.</param>
public sealed record Caller(string Name, CallerKind Kind, Guid? BranchId)
{
    public bool MayUse(Guid branchId) => Kind switch
    {
        CallerKind.Admin => true,
        CallerKind.Manager => BranchId is null || BranchId == branchId,
        _ => BranchId == branchId,
    };
}
