using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;

namespace Reception.Web.Kiosk;

/// <summary>A service as the kiosk offers it.</summary>
/// <param name="Name">"optional", "required" or "not-asked": whether the kiosk asks for the visitor's name.</param>
public sealed record KioskService(Guid Id, string Title, string Prefix, string Name);

/// <summary>What a kiosk may read: its branch's open services that take self check-in, in the desks' order.</summary>
public sealed record GetKioskServices(Guid BranchId) : IQuery<IReadOnlyList<KioskService>>;

public sealed class GetKioskServicesHandler(ReceptionDbContext db) : IQueryHandler<GetKioskServices, IReadOnlyList<KioskService>>
{
    public async ValueTask<IReadOnlyList<KioskService>> Handle(GetKioskServices query, CancellationToken cancellationToken) =>
        (await db.Services.AsNoTracking()
            .Where(s => s.BranchId == query.BranchId && s.IsActive && !s.NotForSelfCheckIn)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.Prefix, s.KioskName })
            .ToListAsync(cancellationToken))
        .Select(s => new KioskService(s.Id, s.Name, s.Prefix, NameWord(s.KioskName)))
        .ToList();

    public static string NameWord(NameAsk ask) => ask switch
    {
        NameAsk.Required => "required",
        NameAsk.NotAsked => "not-asked",
        _ => "optional",
    };
}

/// <summary>
/// Whether the visit with status-page <paramref name="Code"/> was registered by this kiosk (one of
/// the clientIds its token owns wrote it): the only visits whose QR code it may fetch.
/// </summary>
public sealed record IsKioskVisit(string Owner, Guid BranchId, string Code) : IQuery<bool>;

public sealed class IsKioskVisitHandler(ReceptionDbContext db) : IQueryHandler<IsKioskVisit, bool>
{
    public async ValueTask<bool> Handle(IsKioskVisit query, CancellationToken cancellationToken) =>
        await (from v in db.Visits.AsNoTracking()
               join c in db.Changes.AsNoTracking() on v.Id equals c.VisitId
               join o in db.ClientOwners.AsNoTracking() on c.ClientId equals o.ClientId
               where v.Code == query.Code && v.BranchId == query.BranchId && c.BranchId == query.BranchId && o.Owner == query.Owner
               select v.Id).AnyAsync(cancellationToken);
}
