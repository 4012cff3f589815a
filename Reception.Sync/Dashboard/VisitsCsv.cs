using System.Globalization;
using System.Text;
using Reception.Data.Model;

namespace Reception.Sync.Dashboard;

/// <summary>
/// Visits as a CSV file a spreadsheet opens as it is: one row per visit under a header row; times
/// on the branch's clock as "2026-12-01 15:58"; waiting and service time in whole minutes; the
/// channel in the dashboard's words. New columns go at the end, so a sheet built on the file keeps working.
/// Invariants:
/// - RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, lines end in CRLF;
/// - no cell is read as a formula: text starting with = + - @ (or a tab or CR) gets a leading ';
/// - UTF-8 with a byte order mark, so Excel reads names like "Zoë" right.
/// </summary>
public static class VisitsCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["Date", "Ticket", "Service", "Desk", "Status", "Arrived", "Called", "Service started", "Finished", "Waiting minutes", "Service minutes", "Channel"];

    public static byte[] Write(IEnumerable<ReportVisit> visits, TimeZoneInfo zone, IReadOnlyDictionary<Guid, string> services,
        IReadOnlyDictionary<Guid, string> desks)
    {
        var text = new StringBuilder();
        Row(text, Header);
        foreach (var v in visits)
        {
            Row(text, [
                Local(v.ArrivedAt, zone, "yyyy-MM-dd"),
                v.Ticket,
                services.GetValueOrDefault(v.ServiceId) ?? "",
                v.DeskId is { } d ? desks.GetValueOrDefault(d) ?? "" : "",
                StatusWord(v.Status),
                Local(v.ArrivedAt, zone),
                v.CalledAt is { } c ? Local(c, zone) : "",
                v.StartedAt is { } s ? Local(s, zone) : "",
                v.CompletedAt is { } e ? Local(e, zone) : "",
                Minutes(v.Wait),
                Minutes(v.Service),
                ChannelSplit.Name(v.Channel),
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static string StatusWord(VisitStatus status) => status switch
    {
        VisitStatus.Waiting => "waiting",
        VisitStatus.Called => "called",
        VisitStatus.Serving => "being served",
        VisitStatus.Done => "served",
        VisitStatus.NoShow => "no-show",
        VisitStatus.Cancelled => "cancelled",
        _ => status.ToString(),
    };

    /// <summary>One field as RFC 4180 writes it, made safe from formula injection.</summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Row(StringBuilder text, IEnumerable<string> fields) =>
        text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    private static string Local(DateTime utc, TimeZoneInfo zone, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString(format, CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan? span) =>
        span is { } s ? Math.Round(s.TotalMinutes, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) : "";
}
