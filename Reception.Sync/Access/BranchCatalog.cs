using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Reception.Data;

namespace Reception.Sync.Access;

public sealed record CatalogService(Guid Id, string Name, string Prefix, bool IsActive);

public sealed record CatalogDesk(Guid Id, string Name, bool IsActive, IReadOnlyList<Guid> ServiceIds);

public sealed record Catalog(IReadOnlyDictionary<Guid, CatalogService> Services, IReadOnlyDictionary<Guid, CatalogDesk> Desks);

/// <summary>
/// A branch's services and desks, remembered for a few seconds per host: nearly every action
/// names one, and reading them under the branch lock showed in the benchmark. An id that is
/// not known yet (just created) reloads at once; a closing takes effect within seconds.
/// </summary>
public sealed class BranchCatalog(TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, (Catalog Catalog, DateTimeOffset Until)> _known = new();

    public async Task<CatalogService?> ServiceAsync(ReceptionDbContext db, Guid branchId, Guid serviceId, CancellationToken cancellationToken) =>
        (await GetAsync(db, branchId, c => c.Services.ContainsKey(serviceId), cancellationToken)).Services.GetValueOrDefault(serviceId);

    public async Task<CatalogDesk?> DeskAsync(ReceptionDbContext db, Guid branchId, Guid deskId, CancellationToken cancellationToken) =>
        (await GetAsync(db, branchId, c => c.Desks.ContainsKey(deskId), cancellationToken)).Desks.GetValueOrDefault(deskId);

    /// <summary>Drops this host's copy of a branch's catalog (an admin just changed it).</summary>
    public void Forget(Guid branchId) => _known.TryRemove(branchId, out _);

    private async Task<Catalog> GetAsync(ReceptionDbContext db, Guid branchId, Func<Catalog, bool> knows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(branchId, out var known) && known.Until > now && knows(known.Catalog))
        {
            return known.Catalog;
        }

        var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branchId)
            .Select(s => new CatalogService(s.Id, s.Name, s.Prefix, s.IsActive)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branchId)
            .Select(d => new CatalogDesk(d.Id, d.Name, d.IsActive, d.Services.Select(s => s.Id).ToList()))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var catalog = new Catalog(services, desks);
        _known[branchId] = (catalog, now + Remember);
        return catalog;
    }
}
