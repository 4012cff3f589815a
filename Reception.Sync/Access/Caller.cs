using Reception.Data.Model;
using Reception.Sync.Wire;

namespace Reception.Sync.Access;

public enum CallerKind
{
    Desk,
    Manager,
    Admin,
    ApiClient,

    /// <summary>
    /// A visitor acting on their own visit from its status page, authorised by the visit's code
    /// (Id "visit:{visitId}"). The status page's hub lets them only leave or ask for more time.
    /// </summary>
    Visitor,

    /// <summary>
    /// A self check-in kiosk of one branch, authorised by its kiosk token (Id "kiosk:{tokenId}"):
    /// it registers visitors of its branch and sends no other action.
    /// </summary>
    Kiosk,
}

/// <summary>
/// Who is asking, as the transport established it (cookie, bearer token or API key). Every
/// action and read is authorised against it here, once, for every transport.
/// </summary>
/// <param name="Name">Recorded as "by" in the change feed.</param>
/// <param name="BranchId">The caller's branch; null for a Manager or Admin of every branch.</param>
/// <param name="Id">The login's user id, or "apiclient:{id}": what owns the clientIds it uses. Callers
/// built without one (tests, inbox rows stored before it existed) are known by their name.</param>
/// <param name="DeskId">The desk a Desk login works at.</param>
public sealed record Caller(string Name, CallerKind Kind, Guid? BranchId, string? Id = null, Guid? DeskId = null)
{
    /// <summary>Who a clientId used by this caller belongs to (see <see cref="ClientOwnership"/>).</summary>
    public string Owner => Id ?? "name:" + Name;

    /// <summary>Where a visit this caller registers comes from.</summary>
    public VisitChannel Channel => Kind switch
    {
        CallerKind.ApiClient => VisitChannel.Api,
        CallerKind.Visitor => VisitChannel.Remote,
        CallerKind.Kiosk => VisitChannel.Kiosk,
        _ => VisitChannel.Desk,
    };

    public bool MayUse(Guid branchId) => Kind switch
    {
        CallerKind.Admin => true,
        CallerKind.Manager => BranchId is null || BranchId == branchId,
        _ => BranchId == branchId,
    };

    /// <summary>Whether this caller may send an action of <paramref name="type"/> at all: a kiosk only registers.</summary>
    public bool MaySend(string? type) => Kind != CallerKind.Kiosk || type == ActionTypes.Register;

    /// <summary>
    /// Why this caller may not call, recall or serve at <paramref name="deskId"/>, or null when it may:
    /// a Desk login acts only at its own desk; managers, admins and API clients at any desk of the
    /// branches they may use (checked with the branch).
    /// </summary>
    public Reason? WhyNotAtDesk(Guid deskId, string deskName) => Kind switch
    {
        CallerKind.Visitor => Reason.Of(ReasonCodes.DeskVisitor, ("desk", deskName)),
        CallerKind.Kiosk => Reason.Of(ReasonCodes.DeskKiosk, ("desk", deskName)),
        CallerKind.Desk when DeskId is null => Reason.Of(ReasonCodes.DeskNone, ("login", Name), ("desk", deskName)),
        CallerKind.Desk when DeskId != deskId => Reason.Of(ReasonCodes.DeskOther, ("login", Name), ("desk", deskName)),
        _ => null,
    };
}
