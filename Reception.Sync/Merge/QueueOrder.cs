using System.Globalization;
using System.Linq.Expressions;

namespace Reception.Sync.Merge;

/// <summary>
/// A ticket's number as the queue order reads it: the number of an issued ticket ("A-042" is 42,
/// "A-1000" is 1000), or the counter of a provisional one, which a desk made up offline ("A-P3")
/// and the server replaces with an issued number when it applies the registration.
/// </summary>
/// <remarks>
/// Issued numbers come first, in numeric order; then provisional ones, in counter order ("A-P2"
/// before "A-P10"). A label that is neither counts as provisional with the highest counter.
/// Mirrored by <c>ticketNumber</c> in wwwroot/js/model.js.
/// </remarks>
public readonly record struct TicketNumber(int Value, bool IsProvisional) : IComparable<TicketNumber>
{
    private const int MaxDigits = 9;   // every 9-digit number fits an int, and a JavaScript number exactly

    public static TicketNumber Issued(int value) => new(value, false);

    /// <summary>Reads the number off a label: "{prefix}-{digits}" is issued, "{prefix}-P{digits}" provisional.</summary>
    public static TicketNumber Parse(string label)
    {
        var dash = label.LastIndexOf('-');
        var tail = dash < 0 ? [] : label.AsSpan(dash + 1);
        var provisional = tail.StartsWith("P", StringComparison.Ordinal);
        var digits = provisional ? tail[1..] : tail;
        return digits.Length is > 0 and <= MaxDigits
               && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new TicketNumber(n, provisional)
            : new TicketNumber(int.MaxValue, true);
    }

    public int CompareTo(TicketNumber other) =>
        IsProvisional != other.IsProvisional ? (IsProvisional ? 1 : -1) : Value.CompareTo(other.Value);
}

/// <summary>
/// Where a visit stands in the queue: the one definition of queue order (docs/protocol.md, "Queue
/// order"). The pick of callNext, the queue read, the dashboard and the desk page all order by it;
/// the browser mirrors it in wwwroot/js/model.js (<c>queueOrder</c>).
/// </summary>
/// <remarks>
/// Each step decides only when all before it tie:
/// <list type="number">
/// <item>higher <see cref="Priority"/> first;</item>
/// <item>earlier <see cref="QueuedAt"/> (to the tick: registrations clamped to the same last
/// contact tie exactly): the arrival, or for a visit put back in the queue (reinstate) the time it
/// was put back, so it joins the back of the line;</item>
/// <item>lower ticket <see cref="Number"/>, as a number ("A-999" before "A-1000"). A provisional
/// ticket goes after every issued one: the server gives it the next number of the day, above
/// every ticket and lease already handed out, so that is where it will stand once synced;</item>
/// <item>the <see cref="Ticket"/> label as ordinal text ("A-007" before "B-007");</item>
/// <item>the <see cref="VisitId"/>, as <see cref="Guid.CompareTo(Guid)"/> orders it (which is
/// the order of its lower-case text), so no two visits ever tie.</item>
/// </list>
/// </remarks>
public readonly record struct QueuePlace(int Priority, DateTime QueuedAt, TicketNumber Number, string Ticket, Guid VisitId)
    : IComparable<QueuePlace>
{
    public static QueuePlace Of(VisitState visit) =>
        new(visit.Priority, visit.QueuedAt, TicketNumber.Parse(visit.Ticket), visit.Ticket, visit.Id);

    public int CompareTo(QueuePlace other)
    {
        var c = other.Priority.CompareTo(Priority);
        if (c == 0) c = QueuedAt.CompareTo(other.QueuedAt);
        if (c == 0) c = Number.CompareTo(other.Number);
        if (c == 0) c = string.CompareOrdinal(Ticket, other.Ticket);
        if (c == 0) c = VisitId.CompareTo(other.VisitId);
        return c;
    }
}

/// <summary>Queue order (<see cref="QueuePlace"/>) applied: in memory, and as a database query.</summary>
public static class QueueOrder
{
    /// <summary>Sorts in memory; <paramref name="place"/> says where each item stands.</summary>
    public static IOrderedEnumerable<T> OrderInQueue<T>(this IEnumerable<T> items, Func<T, QueuePlace> place) =>
        items.OrderBy(place);

    /// <summary>Queue order within groups already ordered (the desk page's stages).</summary>
    public static IOrderedEnumerable<T> ThenInQueue<T>(this IOrderedEnumerable<T> items, Func<T, QueuePlace> place) =>
        items.ThenBy(place);

    /// <summary>
    /// The same five steps as <see cref="QueuePlace.CompareTo"/>, for a database to run, over
    /// stored visits whose tickets are all issued (the number is a column; nothing is provisional).
    /// </summary>
    /// <remarks>
    /// The database compares labels in its own collation, not ordinally. It agrees here: labels
    /// that tie on their number differ only in the service prefix, one to four capital letters
    /// followed by '-', and every collation orders those as ordinal comparison does.
    /// </remarks>
    public static IOrderedQueryable<T> OrderInQueue<T>(this IQueryable<T> rows,
        Expression<Func<T, int>> priority, Expression<Func<T, DateTime>> queuedAt, Expression<Func<T, int>> issuedNumber,
        Expression<Func<T, string>> ticket, Expression<Func<T, Guid>> visitId) =>
        rows.OrderByDescending(priority).ThenBy(queuedAt).ThenBy(issuedNumber).ThenBy(ticket).ThenBy(visitId);
}
