using Reception.Data.Model;

namespace Reception.Sync.Merge;

/// <summary>Creating a visit.</summary>
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
