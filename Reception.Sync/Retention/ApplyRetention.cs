using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;

namespace Reception.Sync.Retention;

/// <summary>
/// Removes visitors' personal details (<see cref="PersonalData"/>) from every branch's visits older
/// than its retention (<see cref="Branch.RetentionDays"/> days before the branch's today), and from
/// every copy: the change feed, stored results, the inbox; their notifications and remote-join
/// marks go. Run by the retention job; safe to run again, and while desks work.
/// </summary>
/// <param name="BatchSize">Rows per transaction: a large database is never locked for long.</param>
public sealed record ApplyRetention(int BatchSize = 200) : ICommand<RetentionRun>;

/// <summary>What one run removed details from (or deleted), over all branches.</summary>
public sealed record RetentionRun(int Branches, int Visits, int Copies, int Notifications);

/// <summary>
/// Invariants:
/// - today's visits are never touched, nor an open one (waiting, called, serving) of any day;
/// - a visit and its change-feed entries are redacted in one transaction under the branch lock, so
///   no desk's write to that visit interleaves; the visit is then marked <see cref="Visit.RedactedAt"/>;
/// - stored results and settled inbox rows are redacted by their own time, day by day, and the
///   branch's <see cref="Branch.RedactedUntil"/> moves past each day once it is done; pending inbox
///   rows are the retry's source of truth and are left alone;
/// - what a figure is made of (ids, tickets, times, statuses, services, desks, channels) is never changed.
/// </summary>
public sealed class ApplyRetentionHandler(ReceptionDbContext db, TimeProvider clock) : ICommandHandler<ApplyRetention, RetentionRun>
{
    private static readonly VisitStatus[] Final = [.. Enum.GetValues<VisitStatus>().Where(ProblemWords.IsFinal)];

    public async ValueTask<RetentionRun> Handle(ApplyRetention command, CancellationToken cancellationToken)
    {
        var size = Math.Max(1, command.BatchSize);
        var branches = await db.Branches.AsNoTracking()
            .Select(b => new { b.Id, b.Slug, b.TimeZoneId, b.RetentionDays, b.RedactedUntil })
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        int visits = 0, copies = 0, notifications = 0;
        foreach (var b in branches)
        {
            var branch = new BranchRef(b.Id, b.Slug, b.TimeZoneId);
            // At least a day: today's visits are at work.
            var before = branch.LocalDay(now).AddDays(-Math.Max(1, b.RetentionDays));
            var cutoff = branch.StartUtc(before);
            visits += await VisitsAsync(branch, before, size, now, cancellationToken);
            copies += await RecordsAsync(branch, b.RedactedUntil, cutoff, size, cancellationToken);
            notifications += await NotificationsAsync(branch, cutoff, size, cancellationToken);
        }

        return new RetentionRun(branches.Count, visits, copies, notifications);
    }

    /// <summary>Ended visits of days before <paramref name="before"/>, a batch per transaction, with their feed entries.</summary>
    private async Task<int> VisitsAsync(BranchRef branch, DateOnly before, int size, DateTime now, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.LockBranchAsync(branch.Id, Guid.Empty, cancellationToken);
            var ids = await db.Visits
                .Where(v => v.BranchId == branch.Id && v.RedactedAt == null && v.TicketDay < before && Final.Contains(v.Status))
                .OrderBy(v => v.TicketDay).ThenBy(v => v.Id).Select(v => v.Id).Take(size).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            foreach (var change in await db.Changes.Where(c => c.BranchId == branch.Id && ids.Contains(c.VisitId)).ToListAsync(cancellationToken))
            {
                change.Data = PersonalData.Visit(change.Data);
            }

            await db.SaveChangesAsync(cancellationToken);
            await db.Visits.Where(v => ids.Contains(v.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.Name, "")
                .SetProperty(v => v.Phone, (string?)null)
                .SetProperty(v => v.Notes, (string?)null)
                .SetProperty(v => v.RedactedAt, now), cancellationToken);
            // The device and address marks only cap a visitor's open tickets; these visits have ended.
            await db.RemoteJoins.Where(j => ids.Contains(j.VisitId)).ExecuteDeleteAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            total += ids.Count;
        }
    }

    /// <summary>
    /// Stored results and settled inbox rows from <paramref name="from"/> up to <paramref name="cutoff"/>,
    /// one day of them at a time (so paging within a day stays short), each day then marked done.
    /// </summary>
    private async Task<int> RecordsAsync(BranchRef branch, DateTime? from, DateTime cutoff, int size, CancellationToken cancellationToken)
    {
        var total = 0;
        var start = from ?? DateTime.UnixEpoch;
        while (start < cutoff)
        {
            var s = start;
            var first = Earliest(
                await db.MutationRecords.Where(r => r.BranchId == branch.Id && r.At >= s && r.At < cutoff)
                    .MinAsync(r => (DateTime?)r.At, cancellationToken),
                await db.Inbox.Where(i => i.BranchId == branch.Id && i.Status != InboxStatus.Pending && i.CreatedAt >= s && i.CreatedAt < cutoff)
                    .MinAsync(i => (DateTime?)i.CreatedAt, cancellationToken));
            var end = first is { } f && f.AddDays(1) < cutoff ? f.AddDays(1) : cutoff;
            if (first is { } day)
            {
                total += await PagesAsync(db.MutationRecords.Where(r => r.BranchId == branch.Id && r.At >= day && r.At < end)
                    .OrderBy(r => r.At).ThenBy(r => r.ClientId).ThenBy(r => r.MutationId), r =>
                {
                    r.Result = PersonalData.Result(r.Result);
                    r.Action = r.Action is { } a ? PersonalData.Action(a) : null;
                }, size, cancellationToken);
                total += await PagesAsync(db.Inbox
                    .Where(i => i.BranchId == branch.Id && i.Status != InboxStatus.Pending && i.CreatedAt >= day && i.CreatedAt < end)
                    .OrderBy(i => i.Id), i =>
                {
                    i.Action = PersonalData.Action(i.Action);
                    i.Result = i.Result is { } r ? PersonalData.Result(r) : null;
                }, size, cancellationToken);
            }

            await db.Branches.Where(b => b.Id == branch.Id)
                .ExecuteUpdateAsync(x => x.SetProperty(b => b.RedactedUntil, end), cancellationToken);
            start = end;
        }

        return total;
    }

    private static DateTime? Earliest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// Rewrites the rows of <paramref name="rows"/> a page per save. Redacting changes no ordering
    /// key, so the pages stay put; rewriting a row twice (a run cut short) blanks what is already blank.
    /// </summary>
    private async Task<int> PagesAsync<T>(IQueryable<T> rows, Action<T> redact, int size, CancellationToken cancellationToken)
        where T : class
    {
        var done = 0;
        while (true)
        {
            var page = await rows.Skip(done).Take(size).ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                redact(row);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += page.Count;
            if (page.Count < size)
            {
                return done;
            }
        }
    }

    /// <summary>Announcements from before the cutoff are deleted: a given-up retry's names its visitor, and none is read again.</summary>
    private async Task<int> NotificationsAsync(BranchRef branch, DateTime cutoff, int size, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var ids = await db.Notifications.Where(n => n.BranchId == branch.Id && n.At < cutoff)
                .OrderBy(n => n.Id).Select(n => n.Id).Take(size).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            total += await db.Notifications.Where(n => ids.Contains(n.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
