using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>One waiting visitor of <see cref="TrickyQueue"/>; <see cref="Name"/> tells them apart in assertions.</summary>
/// <param name="Service">'A' (General) or 'B' (Billing), as in <see cref="Infrastructure.TestBranch"/>.</param>
public sealed record TrickyVisit(string Name, char Service, string Ticket, int Priority, DateTime ArrivedAt, Guid Id)
{
    public bool IsProvisional => Ticket.Contains("-P", StringComparison.Ordinal);

    public int IssuedNumber => int.Parse(Ticket.AsSpan(Ticket.LastIndexOf('-') + 1));

    public QueuePlace Place => new(Priority, ArrivedAt, TicketNumber.Parse(Ticket), Ticket, Id);
}

/// <summary>
/// A queue on which the copies of queue order used to disagree: ties on arrival (offline
/// registrations clamped to the same last contact), priority, labels past 999 ("A-1000" sorts
/// before "A-999" as text), arrivals a microsecond apart (the same millisecond for JavaScript's
/// Date), provisional tickets ("A-P10" sorts before "A-P2" as text), and two visits that differ in
/// nothing but their id. Every test gets fresh ids, in the same order.
/// </summary>
public static class TrickyQueue
{
    public static readonly DateTime At = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The whole set, in queue order.</summary>
    public static IReadOnlyList<TrickyVisit> InQueueOrder() =>
    [
        new("A-012, high priority, arrived last", 'A', "A-012", 1, At.AddMinutes(5), Guid.NewGuid()),
        new("A-999", 'A', "A-999", 0, At, Guid.NewGuid()),
        new("B-999", 'B', "B-999", 0, At, Guid.NewGuid()),
        new("A-1000", 'A', "A-1000", 0, At, Guid.NewGuid()),
        new("A-P1", 'A', "A-P1", 0, At, Guid.NewGuid()),
        new("A-P2", 'A', "A-P2", 0, At, Guid.NewGuid()),
        new("A-P10", 'A', "A-P10", 0, At, Guid.NewGuid()),
        new("A-005, a microsecond later", 'A', "A-005", 0, At.AddTicks(10), Guid.NewGuid()),
        // Signed, 0x80… would come first; as text (and as PostgreSQL's uuid) 7f… does.
        new("A-007, id 7f…", 'A', "A-007", 0, At.AddMinutes(1), IdStarting("7f")),
        new("A-007, id 80…", 'A', "A-007", 0, At.AddMinutes(1), IdStarting("80")),
        new("B-007", 'B', "B-007", 0, At.AddMinutes(1), Guid.NewGuid()),
        new("B-1001", 'B', "B-1001", 0, At.AddMinutes(2), Guid.NewGuid()),
    ];

    /// <summary>What the server can store: every ticket issued (it numbers a provisional one when it applies the registration).</summary>
    public static IReadOnlyList<TrickyVisit> Issued() => InQueueOrder().Where(v => !v.IsProvisional).ToList();

    private static Guid IdStarting(string hex) => Guid.Parse(hex + Guid.NewGuid().ToString("N")[hex.Length..]);
}
