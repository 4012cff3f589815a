using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;

namespace Reception.Web.Display;

/// <summary>
/// One call as the public screen shows it. Only a ticket, a desk and a time: never a name, a
/// phone number or a note.
/// </summary>
/// <param name="Id">The notification's id: increases with every call and recall, so a screen announces each id once.</param>
/// <param name="VisitId">Which visit was called, so a recall replaces that visit's earlier line.</param>
public sealed record DisplayCall(long Id, string Kind, Guid? VisitId, string Ticket, string Desk, DateTime At);

/// <param name="LastId">The newest call's id (0 when none today): what the screen has seen.</param>
/// <param name="TimeZone">The branch's time zone, for the times the server renders.</param>
/// <param name="RemoteJoin">Visitors may join from their phone: a screen set to show the "join by phone" QR code shows it.</param>
/// <param name="Language">The branch's language (its tag): the screen is written and speaks in it.</param>
public sealed record DisplayBoardDto(
    string Branch, string BranchName, string TimeZone, DateTime At, long LastId, IReadOnlyList<DisplayCall> Calls, bool RemoteJoin,
    string Language);

/// <summary>Today's latest calls of a branch, newest first, one line per visit.</summary>
public sealed record GetDisplayBoard(Guid BranchId, string Branch, string BranchName, string TimeZoneId) : IQuery<DisplayBoardDto>;

public sealed class GetDisplayBoardHandler(ReceptionDbContext db, TimeProvider clock) : IQueryHandler<GetDisplayBoard, DisplayBoardDto>
{
    /// <summary>The newest call and up to 15 before it: the screen shows as many as fit its height.</summary>
    public const int Lines = 16;
    private static readonly string[] Kinds = [DisplayCalls.Called, DisplayCalls.Recalled];

    public async ValueTask<DisplayBoardDto> Handle(GetDisplayBoard query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dayStart = new BranchRef(query.BranchId, query.Branch, query.TimeZoneId).DayStartUtc(now);

        // Index (BranchId, Id): the newest notifications of the branch, read backwards.
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.BranchId == query.BranchId && Kinds.Contains(n.Kind) && n.At >= dayStart && n.Ticket != null)
            .OrderByDescending(n => n.Id).Take(Lines * 4)
            .Select(n => new DisplayCall(n.Id, n.Kind, n.VisitId, n.Ticket!, n.DeskName ?? "", n.At))
            .ToListAsync(cancellationToken);
        var calls = DisplayCalls.Latest(rows, Lines);
        var branch = await db.Branches.AsNoTracking().Where(b => b.Id == query.BranchId).Select(b => new { b.RemoteJoin, b.Language })
            .SingleAsync(cancellationToken);
        return new DisplayBoardDto(query.Branch, query.BranchName, query.TimeZoneId, now, rows.Count > 0 ? rows[0].Id : 0, calls,
            branch.RemoteJoin, branch.Language);
    }
}

public static class DisplayCalls
{
    public const string Called = "called";
    public const string Recalled = "recalled";

    /// <summary>Newest first, each visit once (its latest call), at most <paramref name="lines"/>.</summary>
    public static IReadOnlyList<DisplayCall> Latest(IEnumerable<DisplayCall> calls, int lines) =>
        calls.OrderByDescending(c => c.Id)
            .DistinctBy(c => c.VisitId?.ToString() ?? "call:" + c.Id)
            .Take(lines).ToList();

    public static bool IsCall(string kind) => kind is Called or Recalled;
}
