using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>A branch's figures over a date range (from and to inclusive, yyyy-MM-dd on the branch's calendar), for managers.</summary>
public sealed record GetReport(string? Branch, Caller Caller, string? From, string? To) : IQuery<SyncReply<Report>>;

/// <summary>The visits of a date range as a CSV file for a spreadsheet (<see cref="VisitsCsv"/>), for managers.</summary>
public sealed record ExportVisits(string? Branch, Caller Caller, string? From, string? To) : IQuery<SyncReply<VisitsFile>>;

public sealed record Report(
    string Branch, string BranchName, string TimeZone, DateOnly From, DateOnly To, ReportLine Totals, IReadOnlyList<ReportLine> Services,
    IReadOnlyList<ReportLine> Desks, IReadOnlyList<ReportLine> Channels, IReadOnlyList<ReportDay> Days);

public sealed record VisitsFile(string FileName, byte[] Content, int Rows);

public sealed class GetReportHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock)
    : IQueryHandler<GetReport, SyncReply<Report>>, IQueryHandler<ExportVisits, SyncReply<VisitsFile>>
{
    public async ValueTask<SyncReply<Report>> Handle(GetReport query, CancellationToken cancellationToken)
    {
        var (source, problem) = await LoadAsync(query.Branch, query.Caller, query.From, query.To, cancellationToken);
        if (source is null)
        {
            return problem!;
        }

        var visits = source.Visits;
        var services = source.Services.Select(s => ReportFigures.Line(s.Value, visits.Where(v => v.ServiceId == s.Key).ToList()))
            .Where(l => l.Visits > 0 || source.OpenServices.Contains(l.Name)).ToList();
        var desks = source.Desks.Select(d => ReportFigures.Line(d.Value, visits.Where(v => v.DeskId == d.Key).ToList()))
            .Where(l => l.Visits > 0).ToList();
        var deskless = visits.Where(v => v.DeskId is null).ToList();
        if (deskless.Count > 0)
        {
            desks.Add(ReportFigures.Line(ReportFigures.NoDesk, deskless));
        }

        return new Report(source.Slug, source.Name, source.TimeZone, source.Range.From, source.Range.To,
            ReportFigures.Line("All", visits), services, desks, ReportFigures.Channels(visits),
            ReportFigures.Days(visits, source.Range, BranchZone.Of(source.TimeZone)));
    }

    public async ValueTask<SyncReply<VisitsFile>> Handle(ExportVisits query, CancellationToken cancellationToken)
    {
        var (source, problem) = await LoadAsync(query.Branch, query.Caller, query.From, query.To, cancellationToken);
        if (source is null)
        {
            return problem!;
        }

        var zone = BranchZone.Of(source.TimeZone);
        var content = VisitsCsv.Write(source.Visits.OrderBy(v => v.ArrivedAt).ThenBy(v => v.Ticket, StringComparer.Ordinal),
            zone, source.Services, source.Desks);
        return new VisitsFile($"visits-{source.Slug}-{source.Range.From:yyyy-MM-dd}-to-{source.Range.To:yyyy-MM-dd}.csv", content,
            source.Visits.Count);
    }

    private sealed record Source(
        string Slug, string Name, string TimeZone, ReportRange Range, IReadOnlyList<ReportVisit> Visits,
        IReadOnlyDictionary<Guid, string> Services, IReadOnlySet<string> OpenServices, IReadOnlyDictionary<Guid, string> Desks);

    private async Task<(Source?, SyncProblem?)> LoadAsync(string? slug, Caller caller, string? from, string? to,
        CancellationToken cancellationToken)
    {
        if (caller.Kind is not (CallerKind.Manager or CallerKind.Admin))
        {
            return (null, SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.ReportsForbidden, ("login", caller.Name)), ProblemCodes.ForbiddenRole));
        }

        var (branch, problem) = await access.ResolveAsync(db, slug, caller, cancellationToken);
        if (branch is null)
        {
            return (null, problem);
        }

        var (range, invalid) = ReportRange.Parse(from, to, branch.LocalDay(clock.GetUtcNow().UtcDateTime));
        if (range is null)
        {
            return (null, invalid);
        }

        var (start, end) = range.Utc(BranchZone.Of(branch.TimeZoneId));
        var name = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.Name).SingleAsync(cancellationToken);

        // Index (BranchId, ArrivedAt): a visit belongs to the day its visitor arrived.
        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id && v.ArrivedAt >= start && v.ArrivedAt < end)
            .Select(v => new ReportVisit(v.Id, v.Ticket, v.ServiceId, v.DeskId, v.Status, v.ArrivedAt, v.CalledAt, v.StartedAt, v.CompletedAt,
                v.Channel))
            .ToListAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branch.Id).OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.IsActive }).ToListAsync(cancellationToken);
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branch.Id).OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        return (new Source(branch.Slug, name, branch.TimeZoneId, range, visits,
            services.ToDictionary(s => s.Id, s => s.Name), services.Where(s => s.IsActive).Select(s => s.Name).ToHashSet(),
            desks.ToDictionary(d => d.Id, d => d.Name)), null);
    }
}
