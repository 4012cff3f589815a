using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;

namespace Reception.Sync.Visitors;

/// <summary>
/// Gives every open visit registered before codes existed a code of its own, at start-up (a
/// database cannot make CSPRNG codes in a migration on both providers). Closed visits keep none:
/// their status page has nothing left to show. Safe with instances starting together: a row is
/// only written while it still has no code.
/// </summary>
public static class VisitCodeBackfill
{
    private const int Batch = 500;

    public static async Task<int> FillAsync(ReceptionDbContext db, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (true)
        {
            var ids = await db.Visits.AsNoTracking()
                .Where(v => v.Code == null
                            && (v.Status == VisitStatus.Waiting || v.Status == VisitStatus.Called || v.Status == VisitStatus.Serving))
                .Select(v => v.Id).Take(Batch).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return filled;
            }

            foreach (var id in ids)
            {
                var code = VisitCodes.New();
                filled += await db.Visits.Where(v => v.Id == id && v.Code == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.Code, code), cancellationToken);
            }
        }
    }
}
