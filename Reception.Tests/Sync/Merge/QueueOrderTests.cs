using CsCheck;
using Reception.Data.Model;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>The one definition of queue order, <see cref="QueuePlace"/>.</summary>
public class QueueOrderTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    private static VisitState Queued(string ticket, int priority, int arrivedMinute) => Registration.Create(
        Guid.NewGuid(), Guid.Empty, ticket, "Visitor " + ticket, null, null, priority,
        Now.AddMinutes(arrivedMinute - 60), 1, Now);

    [Fact]
    public void PriorityComesFirstThenArrivalThenTheTicketNumber()
    {
        VisitState[] queue =
        [
            Queued("A-005", priority: 0, arrivedMinute: 1),
            Queued("A-004", priority: 1, arrivedMinute: 20),
            Queued("A-003", priority: 0, arrivedMinute: 5),
            Queued("A-002", priority: 1, arrivedMinute: 10),
            Queued("A-007", priority: 0, arrivedMinute: 5),
            Queued("A-006", priority: 0, arrivedMinute: 5),
        ];

        var ordered = queue.OrderInQueue(QueuePlace.Of).Select(v => v.Ticket);

        Assert.Equal(["A-002", "A-004", "A-005", "A-003", "A-006", "A-007"], ordered);
    }

    [Fact]
    public void TheTrickyQueueComesOutInOneOrderWhateverOrderItGoesIn()
    {
        var set = TrickyQueue.InQueueOrder();
        var expected = set.Select(v => v.Name).ToList();

        Assert.Equal(expected, set.Reverse().OrderInQueue(v => v.Place).Select(v => v.Name));
        Gen.Shuffle(set.ToArray()).Sample(shuffled =>
            Assert.Equal(expected, shuffled.OrderInQueue(v => v.Place).Select(v => v.Name)), iter: 200);
    }

    [Theory]
    [InlineData("A-042", 42, false)]
    [InlineData("A-999", 999, false)]
    [InlineData("A-1000", 1000, false)]
    [InlineData("TX-123456789", 123456789, false)]
    [InlineData("A-P1", 1, true)]
    [InlineData("A-P10", 10, true)]
    [InlineData("A-B-7", 7, false)]
    public void TheNumberIsReadOffTheLabel(string label, int value, bool provisional) =>
        Assert.Equal(new TicketNumber(value, provisional), TicketNumber.Parse(label));

    [Theory]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("A-")]
    [InlineData("A-P")]
    [InlineData("A-+5")]
    [InlineData("A- 5")]
    [InlineData("A-5x")]
    [InlineData("A-p5")]
    [InlineData("A-1234567890")]
    public void ALabelWithNoNumberCountsAsProvisionalAndLast(string label) =>
        Assert.Equal(new TicketNumber(int.MaxValue, true), TicketNumber.Parse(label));

    [Fact]
    public void AProvisionalTicketGoesAfterEveryIssuedNumberOnATie()
    {
        Assert.True(TicketNumber.Parse("A-P1").CompareTo(TicketNumber.Parse("A-999999999")) > 0);
        Assert.True(TicketNumber.Parse("A-P2").CompareTo(TicketNumber.Parse("A-P10")) < 0);
    }

    // The database and the browser order ids by their text; the definition must agree.
    [Fact]
    public void TheIdTieBreakIsTheOrderOfTheIdsText() =>
        Gen.Guid.Select(Gen.Guid).Sample((x, y) =>
            Assert.Equal(Math.Sign(string.CompareOrdinal(x.ToString(), y.ToString())), Math.Sign(x.CompareTo(y))));

    // Few values of each, so that most pairs tie somewhere.
    private static readonly string[] Tickets = ["A-999", "A-1000", "B-999", "A-P2", "A-P10", "A-x"];
    private static readonly Guid[] Ids = [Guid.Parse("7f000000-0000-0000-0000-000000000000"), Guid.Parse("80000000-0000-0000-0000-000000000000")];

    private static readonly Gen<QueuePlace> GenPlace =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, Tickets.Length - 1], Gen.Int[0, Ids.Length - 1],
            (priority, minute, ticket, id) =>
                new QueuePlace(priority, Now.AddMinutes(minute), TicketNumber.Parse(Tickets[ticket]), Tickets[ticket], Ids[id]));

    [Fact]
    public void TheOrderIsTotalAntisymmetricAndTransitive() =>
        Gen.Select(GenPlace, GenPlace, GenPlace).Sample((a, b, c) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            Assert.Equal(a == b, a.CompareTo(b) == 0);
            if (a.CompareTo(b) <= 0 && b.CompareTo(c) <= 0)
            {
                Assert.True(a.CompareTo(c) <= 0);
            }
        });
}
