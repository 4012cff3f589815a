using Reception.Sync.Dashboard;
using Reception.Sync.Visitors;

namespace Reception.Tests.Sync.Visitors;

/// <summary>Opening hours on the branch's clock: open now, or when next, across days and daylight-saving changes.</summary>
public sealed class WeeklyHoursTests
{
    // Monday to Friday 09:00-17:00, weekends closed.
    private static readonly WeeklyHours Weekdays = WeeklyHours.Parse("09:00-17:00;09:00-17:00;09:00-17:00;09:00-17:00;09:00-17:00;;");

    [Theory]
    [InlineData("2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z")] // Tuesday, open: now
    [InlineData("2026-12-01T08:59:00Z", "2026-12-01T09:00:00Z")] // before opening: today
    [InlineData("2026-12-01T17:00:00Z", "2026-12-02T09:00:00Z")] // at closing: tomorrow
    [InlineData("2026-12-04T18:00:00Z", "2026-12-07T09:00:00Z")] // Friday evening: Monday
    public void NextOpenIsNowWhileOpenOtherwiseTheNextOpeningTime(string now, string expected)
    {
        var at = DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), Weekdays.NextOpen(at, TimeZoneInfo.Utc));
    }

    [Fact]
    public void HoursAreOnTheBranchClock()
    {
        var amsterdam = BranchZone.Of("Europe/Amsterdam");
        var at = new DateTime(2026, 12, 1, 7, 30, 0, DateTimeKind.Utc); // 08:30 in Amsterdam

        Assert.Equal(new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), Weekdays.NextOpen(at, amsterdam));
        Assert.Equal("09:00", BranchZone.Clock(Weekdays.NextOpen(at, amsterdam)!.Value, "Europe/Amsterdam"));
    }

    [Fact]
    public void AnOpeningTimeSkippedByTheClockChangeOpensWhenTheClockHasJumped()
    {
        var hours = WeeklyHours.Parse(";;;;;;02:30-05:00"); // Sundays; 29 March 2026 skips 02:00-03:00 in Amsterdam
        var at = new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc);

        Assert.Equal("03:00", BranchZone.Clock(hours.NextOpen(at, BranchZone.Of("Europe/Amsterdam"))!.Value, "Europe/Amsterdam"));
    }

    [Fact]
    public void AWeekWithoutHoursNeverOpensAndUnreadableEntriesAreClosedDays()
    {
        Assert.Null(WeeklyHours.Parse(null).NextOpen(DateTime.UtcNow, TimeZoneInfo.Utc));
        Assert.All(WeeklyHours.Parse("9-5;17:00-09:00;x").Days, Assert.Null);
    }

    [Fact]
    public void TheFormRefusesHalfADayAndAClosingBeforeTheOpeningAndRoundTrips()
    {
        string?[] none = [null, null, null, null, null, null];
        Assert.Contains("Monday", WeeklyHours.FromForm([("09:00", null), .. none.Select(n => (n, n))]).Error);
        Assert.Contains("closing time must come after", WeeklyHours.FromForm([("17:00", "09:00"), .. none.Select(n => (n, n))]).Error);

        var (hours, error) = WeeklyHours.FromForm([("08:30", "17:00"), .. none.Select(n => (n, n))]);
        Assert.Null(error);
        Assert.Equal("08:30-17:00;;;;;;", hours!.Format());
        Assert.Equal(hours.Format(), WeeklyHours.Parse(hours.Format()).Format());
    }
}
