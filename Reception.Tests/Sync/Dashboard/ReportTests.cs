using System.Text;
using Reception.Data.Model;
using Reception.Sync.Dashboard;

namespace Reception.Tests.Sync.Dashboard;

/// <summary>A report's dates, figures and CSV file, without a database.</summary>
public sealed class ReportTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Theory]
    [InlineData("2026-12-05", "2026-12-01", "before the start date")]
    [InlineData("yesterday", "2026-12-01", "is not a date")]
    [InlineData("2026-12-01", "2026-13-01", "is not a date")]
    [InlineData("2025-01-01", "2026-12-01", "at most 366 days")]
    public void ABadOrReversedOrTooLongRangeIsRefusedInWords(string from, string to, string says)
    {
        var (range, problem) = ReportRange.Parse(from, to, Today);

        Assert.Null(range);
        Assert.Equal(400, problem!.Status);
        Assert.Contains(says, problem.Detail);
    }

    [Fact]
    public void MissingDatesMeanTheBranchsTodayAndARangeCoversWholeLocalDays()
    {
        var (range, _) = ReportRange.Parse(null, "", Today);
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus2", TimeSpan.FromHours(2), "Plus2", "Plus2");

        Assert.Equal(new ReportRange(Today, Today), range);
        Assert.Equal((new DateTime(2026, 11, 30, 22, 0, 0), new DateTime(2026, 12, 1, 22, 0, 0)), range!.Utc(zone));
        Assert.Equal(366, ReportRange.Parse("2026-01-01", "2027-01-01", Today).Range!.Days);
    }

    [Fact]
    public void TheNinetiethPercentileIsTheNearestRank()
    {
        Assert.Null(ReportFigures.Percentile([], 0.9));
        Assert.Equal(9, ReportFigures.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9));
        Assert.Equal(5, ReportFigures.Percentile([5], 0.9));
    }

    [Fact]
    public void TheCsvIsOneQuotedFormulaSafeRowPerVisitWithLocalTimesAndMinutesUnderAHeader()
    {
        var service = Guid.NewGuid();
        var desk = Guid.NewGuid();
        var arrived = new DateTime(2026, 12, 1, 13, 58, 0, DateTimeKind.Utc);
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus2", TimeSpan.FromHours(2), "Plus2", "Plus2");
        var visits = new[]
        {
            new ReportVisit(Guid.NewGuid(), "A-001", service, desk, VisitStatus.Done, arrived, arrived.AddMinutes(12), arrived.AddMinutes(13),
                arrived.AddMinutes(20.4)),
            new ReportVisit(Guid.NewGuid(), "A-002", service, null, VisitStatus.Waiting, arrived, null, null, null, VisitChannel.Remote),
        };

        var bytes = VisitsCsv.Write(visits, zone, new Dictionary<Guid, string> { [service] = "=HYPERLINK(\"x\"), \"General\"" },
            new Dictionary<Guid, string> { [desk] = "Desk 1" });

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Date,Ticket,Service,Desk,Status,Arrived,Called,Service started,Finished,Waiting minutes,Service minutes,Channel", lines[0]);
        Assert.Equal("2026-12-01,A-001,\"'=HYPERLINK(\"\"x\"\"), \"\"General\"\"\",Desk 1,served,2026-12-01 15:58,2026-12-01 16:10,"
                     + "2026-12-01 16:11,2026-12-01 16:18,12,7,At a desk", lines[1]);
        Assert.Equal("2026-12-01,A-002,\"'=HYPERLINK(\"\"x\"\"), \"\"General\"\"\",,waiting,2026-12-01 15:58,,,,,,From a phone", lines[2]);
        Assert.Equal("", lines[3]);
        Assert.Equal(["'+1", "'-2", "'@x", "plain"], new[] { "+1", "-2", "@x", "plain" }.Select(VisitsCsv.Field));
    }

    [Fact]
    public void ChannelsAreSplitInWordsAllFourInOneOrderAndDayByDayOnTheBranchsCalendar()
    {
        var service = Guid.NewGuid();
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus2", TimeSpan.FromHours(2), "Plus2", "Plus2");
        ReportVisit Visit(DateTime arrivedUtc, VisitChannel channel, VisitStatus status = VisitStatus.Waiting) =>
            new(Guid.NewGuid(), "A-001", service, null, status, arrivedUtc, null, null, null, channel);
        var visits = new[]
        {
            Visit(new DateTime(2026, 11, 30, 21, 0, 0), VisitChannel.Kiosk),          // 23:00 local, the 30th
            Visit(new DateTime(2026, 11, 30, 22, 30, 0), VisitChannel.Remote),        // 00:30 local, the 1st
            Visit(new DateTime(2026, 12, 1, 9, 0, 0), VisitChannel.Remote, VisitStatus.Cancelled),
            Visit(new DateTime(2026, 12, 1, 10, 0, 0), VisitChannel.Desk),
        };

        var channels = ReportFigures.Channels(visits);
        Assert.Equal(["At a desk", "Kiosk", "From a phone", "Other systems"], channels.Select(c => c.Name));
        Assert.Equal([1, 1, 2, 0], channels.Select(c => c.Visits));
        Assert.Equal(1, channels[2].Cancelled);

        var days = ReportFigures.Days(visits, new ReportRange(new DateOnly(2026, 11, 29), Today), zone);
        Assert.Equal([new DateOnly(2026, 11, 29), new DateOnly(2026, 11, 30), Today], days.Select(d => d.Date));
        Assert.Equal([0, 1, 3], days.Select(d => d.Visits));
        Assert.Equal(["desk", "kiosk", "remote", "api"], days[2].Channels.Select(c => c.Channel));
        Assert.Equal([1, 0, 2, 0], days[2].Channels.Select(c => c.Arrived));
        Assert.Equal([0, 1, 0, 0], days[1].Channels.Select(c => c.Arrived));
    }
}
