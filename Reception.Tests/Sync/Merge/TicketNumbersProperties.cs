using CsCheck;
using Reception.Sync.Merge;

namespace Reception.Tests.Sync.Merge;

/// <summary>The ticket numbering rule of one service and day (TicketNumbers), over random days.</summary>
public class TicketNumbersProperties
{
    // One step of a day: an online registration (0) or a lease of that many numbers (1–50).
    // Long days cross 500 online numbers, where the two ranges have to keep apart by themselves.
    private static readonly Gen<int[]> GenDay = Gen.Frequency(
        (6, Gen.Const(0)), (1, Gen.Int[1, 50])).Array[0, 700];

    private sealed record Day(List<int> Online, List<(int First, int Last)> Leases);

    private static Day Run(IEnumerable<int> steps)
    {
        var (lastOnline, lastLeased) = (0, 0);
        var day = new Day([], []);
        foreach (var step in steps)
        {
            if (step == 0)
            {
                lastOnline = TicketNumbers.NextOnline(lastOnline, lastLeased);
                day.Online.Add(lastOnline);
            }
            else
            {
                var lease = TicketNumbers.NextLease(lastOnline, lastLeased, step);
                lastLeased = lease.Last;
                day.Leases.Add(lease);
            }
        }

        return day;
    }

    [Fact]
    public void NoNumberIsIssuedTwiceOnlineOrLeased() =>
        GenDay.Sample(steps =>
        {
            var day = Run(steps);
            var all = day.Online.Concat(day.Leases.SelectMany(l => Enumerable.Range(l.First, l.Last - l.First + 1))).ToList();

            Assert.Equal(all.Count, all.Distinct().Count());
            Assert.Equal(steps.Where(s => s != 0), day.Leases.Select(l => l.Last - l.First + 1)); // each lease as long as asked
        }, iter: 300);

    [Fact]
    public void OnlineNumbersCountUpFromOneWithoutGapsWhateverIsLeased() =>
        GenDay.Sample(steps =>
        {
            var online = Run(steps).Online;
            var below = online.TakeWhile(n => n < TicketNumbers.LeasedFirst).ToList();

            Assert.Equal(Enumerable.Range(1, below.Count), below);
            Assert.Equal(online.Order(), online); // and on past 500, still increasing
        }, iter: 300);

    [Fact]
    public void LeasedBlocksStartAt501AndNeverOverlapOneAnotherOrAnOnlineNumber() =>
        GenDay.Sample(steps =>
        {
            var day = Run(steps);

            Assert.All(day.Leases, l => Assert.True(l.First >= TicketNumbers.LeasedFirst && l.Last >= l.First));
            Assert.All(day.Leases.Zip(day.Leases.Skip(1)), p => Assert.True(p.Second.First > p.First.Last));
            Assert.DoesNotContain(day.Online, n => day.Leases.Any(l => l.First <= n && n <= l.Last));
        }, iter: 300);

    [Fact]
    public void TheFirstTicketsOfADayAreOneTwoThreeAndTheFirstLeaseIs501()
    {
        Assert.Equal(1, TicketNumbers.NextOnline(0, 0));
        Assert.Equal(2, TicketNumbers.NextOnline(1, 505)); // a desk holds 501–505: no jump
        Assert.Equal((501, 505), TicketNumbers.NextLease(1, 0, 5));
        Assert.Equal((506, 510), TicketNumbers.NextLease(2, 505, 5));
        Assert.Equal(511, TicketNumbers.NextOnline(500, 510)); // past 500 online: above everything issued
        Assert.Equal((512, 514), TicketNumbers.NextLease(511, 510, 3));
    }
}
