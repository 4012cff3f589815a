using Reception.Data.Model;

namespace Reception.Sync.Merge;

/// <summary>Creating a visit, and where it stands in the queue.</summary>
public static class Registration
{
    /// <summary>
    /// A visitor registered offline keeps the time they arrived, but a wrong client clock cannot
    /// jump the queue: the claim is clamped between the client's last contact with the server
    /// and the server's now.
    /// </summary>
    public static DateTime ClampArrival(DateTime? claimed, DateTime? lastContact, DateTime now)
    {
        if (claimed is not { } c)
        {
            return now;
        }

        var lower = lastContact is { } l && l < now ? l : now;
        return c < lower ? lower : c > now ? now : c;
    }

    public static string TicketLabel(string prefix, int number) => $"{prefix}-{number:000}";

    public static VisitState Create(
        Guid id, Guid serviceId, string ticket, string name, string? phone, string? notes, int priority,
        DateTime arrivedAt, long version, DateTime now) =>
        new(id, serviceId, ticket, name, phone, notes, priority, VisitStatus.Waiting, null, arrivedAt, null, null,
            null, now, version, FieldStamps.All(version));
}

/// <summary>
/// Queue order: higher priority first, then earlier arrival, then the ticket number (as callNext
/// picks: "A-1000" comes after "A-999"), then the label.
/// </summary>
public sealed class QueueOrder : IComparer<VisitState>
{
    public static readonly QueueOrder Instance = new();

    public int Compare(VisitState? x, VisitState? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0) return byPriority;
        var byArrival = x.ArrivedAt.CompareTo(y.ArrivedAt);
        if (byArrival != 0) return byArrival;
        var byNumber = TicketNumber(x.Ticket).CompareTo(TicketNumber(y.Ticket));
        return byNumber != 0 ? byNumber : string.CompareOrdinal(x.Ticket, y.Ticket);
    }

    private static int TicketNumber(string ticket) =>
        int.TryParse(ticket.AsSpan(ticket.LastIndexOf('-') + 1), out var n) ? n : int.MaxValue;
}
