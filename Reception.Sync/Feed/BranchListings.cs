using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>
/// A branch's services and desks as desks see them: the open services and desks in display order,
/// and the closed services apart (their waiting visitors stay on the desks, to be transferred).
/// </summary>
public sealed record BranchListing(IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks, IReadOnlyList<ServiceDto> ClosedServices);

/// <summary>Reads <see cref="BranchListing"/>, the one definition the snapshot, the queue read and the catalog broadcast use.</summary>
internal static class BranchListings
{
    public static async Task<BranchListing> ReadAsync(ReceptionDbContext db, Guid branchId, CancellationToken cancellationToken)
    {
        var all = await db.Services.AsNoTracking().Where(s => s.BranchId == branchId)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new { Dto = new ServiceDto(s.Id, s.Name, s.Prefix), s.IsActive }).ToListAsync(cancellationToken);
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branchId && d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new DeskDto(d.Id, d.Name, d.Services.Select(s => s.Id).ToList())).ToListAsync(cancellationToken);
        return new BranchListing(
            all.Where(s => s.IsActive).Select(s => s.Dto).ToList(), desks, all.Where(s => !s.IsActive).Select(s => s.Dto).ToList());
    }
}
