using Reception.Data.Model;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>How many visitors arrived through one channel.</summary>
/// <param name="Channel">The channel's wire name (desk, kiosk, remote, api): for machines and tests.</param>
/// <param name="Name">What people read ("At a desk", "From a phone").</param>
public sealed record ChannelCount(string Channel, string Name, int Arrived);

/// <summary>
/// Arrivals split by where visitors came from, always all four channels in one order (a zero is an
/// answer too), and the one place their names for people are written.
/// </summary>
public static class ChannelSplit
{
    public static readonly IReadOnlyList<VisitChannel> Order = [VisitChannel.Desk, VisitChannel.Kiosk, VisitChannel.Remote, VisitChannel.Api];

    public static string Name(VisitChannel channel) => channel switch
    {
        VisitChannel.Kiosk => "Kiosk",
        VisitChannel.Remote => "From a phone",
        VisitChannel.Api => "Other systems",
        _ => "At a desk",
    };

    /// <summary>Counts the channels of the given arrivals (the caller picks which visits arrived when).</summary>
    public static IReadOnlyList<ChannelCount> Of(IEnumerable<VisitChannel> arrivals)
    {
        var counts = arrivals.CountBy(c => c).ToDictionary();
        return Order.Select(c => new ChannelCount(ChannelNames.Of(c), Name(c), counts.GetValueOrDefault(c))).ToList();
    }
}
