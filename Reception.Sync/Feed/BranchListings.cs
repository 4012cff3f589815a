using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>A branch's open services and desks, in display order, as the snapshot and the queue read show them.</summary>
internal static class BranchListings
{
    public static async Task<(IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks)> ReadAsync(
        ReceptionDbContext db, Guid branchId, CancellationToken cancellationToken)
    {
        var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branchId && s.IsActive)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new ServiceDto(s.Id, s.Name, s.Prefix)).ToListAsync(cancellationToken);
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branchId && d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new DeskDto(d.Id, d.Name, d.Services.Select(s => s.Id).ToList())).ToListAsync(cancellationToken);
        return (services, desks);
    }
}
