using CsCheck;
using Reception.Sync.Dashboard;

namespace Reception.Tests.Sync.Dashboard;

public sealed class EstimatedWaitTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void TheFirstInLineWaitsHalfAServiceForOneOpenDesk() =>
        Assert.Equal(TimeSpan.FromMinutes(2.5), EstimatedWait.For(0, 1, FiveMinutes));

    [Fact]
    public void VisitorsAheadAreSharedAmongTheOpenDesks()
    {
        Assert.Equal(TimeSpan.FromMinutes(17.5), EstimatedWait.For(3, 1, FiveMinutes));
        Assert.Equal(TimeSpan.FromMinutes(7.5), EstimatedWait.For(3, 2, FiveMinutes));
        Assert.Equal(TimeSpan.FromMinutes(2.5), EstimatedWait.For(3, 4, FiveMinutes));
    }

    [Fact]
    public void ThereIsNoEstimateWithoutAnOpenDeskOrAServiceTimeToday()
    {
        Assert.Null(EstimatedWait.For(2, 0, FiveMinutes));
        Assert.Null(EstimatedWait.For(2, 1, null));
        Assert.Null(EstimatedWait.For(2, 1, TimeSpan.Zero));
    }

    [Fact]
    public void DesksActiveInTheLastHourCountAsOpenElseEveryActiveDeskOfTheService()
    {
        Assert.Equal(2, EstimatedWait.OpenDesks(recentlyActive: 2, active: 3));
        Assert.Equal(3, EstimatedWait.OpenDesks(recentlyActive: 0, active: 3));
    }

    [Fact]
    public void NeverShorterFurtherBackNeverLongerWithMoreDesksNeverNegative() =>
        Gen.Select(Gen.Int[0, 200], Gen.Int[1, 20], Gen.Int[1, 7200]).Sample((ahead, desks, seconds) =>
        {
            var service = TimeSpan.FromSeconds(seconds);
            var wait = EstimatedWait.For(ahead, desks, service)!.Value;
            return wait >= TimeSpan.Zero
                   && EstimatedWait.For(ahead + 1, desks, service) >= wait
                   && EstimatedWait.For(ahead, desks + 1, service) <= wait;
        });
}
