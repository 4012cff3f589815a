using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Reception.Bench;

/// <summary>What one action cost: SQL round trips, time in SQL, and how long it held the branch lock.</summary>
internal sealed partial class ActionProbe
{
    private long _lockTaken;

    public int RoundTrips { get; private set; }
    public int ConnectionOpens { get; private set; }
    public TimeSpan SqlTime { get; private set; }
    public TimeSpan LockHeld { get; private set; }
    public TimeSpan Total { get; set; }
    public List<string> Statements { get; } = [];

    public void LockTaken() => _lockTaken = Stopwatch.GetTimestamp();

    public void Opened() => ConnectionOpens++;

    public void Command(string sql, TimeSpan elapsed)
    {
        RoundTrips++;
        SqlTime += elapsed;
        var flat = Whitespace().Replace(sql, " ").Trim();
        Statements.Add(flat.Length <= 140 ? flat : flat[..140] + "…");
    }

    public void Committed(TimeSpan elapsed)
    {
        RoundTrips++;
        SqlTime += elapsed;
        Statements.Add("COMMIT");
        Released();
    }

    /// <summary>The transaction ended: the lock is no longer held.</summary>
    public void Released()
    {
        if (_lockTaken != 0)
        {
            LockHeld = Stopwatch.GetElapsedTime(_lockTaken);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
