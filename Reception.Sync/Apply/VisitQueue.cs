using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>Queue order (<see cref="QueuePlace"/>) for the stored visit and for the wire, which has only the label.</summary>
public static class VisitQueue
{
    /// <summary>In the database: callNext's pick and the queue read.</summary>
    public static IOrderedQueryable<Visit> OrderInQueue(this IQueryable<Visit> visits) =>
        visits.OrderInQueue(v => v.Priority, v => v.ReinstatedAt ?? v.ArrivedAt, v => v.TicketNumber, v => v.Ticket, v => v.Id);

    public static QueuePlace PlaceInQueue(this VisitDto v) =>
        new(v.Priority, v.ReinstatedAt ?? v.ArrivedAt, TicketNumber.Parse(v.Ticket), v.Ticket, v.Id);
}
