using System.Diagnostics;
using System.Diagnostics.Metrics;
using Reception.Sync.Wire;

namespace Reception.Sync.Telemetry;

/// <summary>
/// How many live connections of one kind this instance holds, for <c>reception.connections</c>.
/// The host implements it for each of its hubs.
/// </summary>
public interface ILiveConnections
{
    /// <summary>One of <see cref="ReceptionTelemetry.ConnectionKinds"/>.</summary>
    string Kind { get; }

    int Count { get; }
}

/// <summary>
/// Every span and metric of Reception, defined once: the ActivitySource and the Meter named
/// <see cref="Name"/>, their instruments, span names and attribute names. The pipeline (Sync) and
/// the transports (Web) only call these. Invariants:
/// - attributes carry ids, counts, branch slugs, action types and result statuses, never visitor
///   data (no names, phones, notes, codes) and never a client's free text: an action type that is
///   not one of <see cref="ActionTypes.All"/> is tagged <c>other</c>;
/// - no metric is tagged with a branch (hundreds of branches would make hundreds of series each);
///   spans are;
/// - the Meter comes from the host's IMeterFactory (which owns and disposes it), so each app in
///   one process (the tests run many) has its own instruments;
/// - with nothing listening, a span is never created (StartActivity returns null) and a
///   measurement costs a check; measurements allocate nothing (tags go in a stack TagList).
/// </summary>
public sealed class ReceptionTelemetry
{
    public const string Name = "Reception";

    /// <summary>The spans of one push: push → apply (→ commit) → broadcast, and a background retry.</summary>
    public static readonly ActivitySource Source = new(Name);

    public const string PushSpan = "reception.push";
    public const string ApplySpan = "reception.apply";
    public const string CommitSpan = "reception.commit";
    public const string BroadcastSpan = "reception.broadcast";
    public const string RetrySpan = "reception.inbox.retry";

    public const string BranchAttribute = "reception.branch";
    public const string ActionsAttribute = "reception.actions";
    public const string TypeAttribute = "reception.action.type";
    public const string ResultAttribute = "reception.result";
    public const string FromVersionAttribute = "reception.version.from";
    public const string ToVersionAttribute = "reception.version.to";

    /// <summary>A batch whose actions differ in type, or in result.</summary>
    public const string Mixed = "mixed";

    /// <summary>An action type the server does not know (never the client's text itself).</summary>
    public const string OtherType = "other";

    public static class ConnectionKinds
    {
        /// <summary>The queue hub: desks, and the managers' pages and integrators that follow a branch live.</summary>
        public const string Desk = "desk";
        public const string Display = "display";
        public const string Kiosk = "kiosk";
        public const string StatusPage = "status_page";
    }

    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly int[] CountBuckets = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

    private readonly Meter _meter;
    private readonly TimeProvider _clock;
    private long _inboxDepth;
    private DateTime? _oldestPending;

    public ReceptionTelemetry(IMeterFactory meters, IEnumerable<ILiveConnections> connections, TimeProvider clock)
    {
        _clock = clock;
        _meter = meters.Create(Name);
        var live = connections.ToArray();
        Actions = _meter.CreateCounter<long>("reception.actions", "{action}",
            "Actions answered, by type and result (applied, duplicate, conflict, rejected, deferred)");
        ApplyDuration = _meter.CreateHistogram("reception.apply.duration", "s",
            "From the start of an apply transaction (the branch lock) to its commit, for transactions that stored something",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        BatchSize = _meter.CreateHistogram("reception.push.batch.size", "{action}", "Actions per push",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = CountBuckets });
        GivenUp = _meter.CreateCounter<long>("reception.inbox.given_up", "{action}",
            "Deferred actions whose background retries were exhausted (answered rejected, the desks told)");
        BroadcastDelay = _meter.CreateHistogram("reception.broadcast.delay", "s",
            "From a commit to its changes being handed to the branch's live group (and the backplane)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        PullSize = _meter.CreateHistogram("reception.pull.size", "{item}",
            "Changes per pull (kind=changes), or visits per snapshot (kind=snapshot)",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = CountBuckets });
        InboxDepth = _meter.CreateObservableGauge("reception.inbox.depth", () => Interlocked.Read(ref _inboxDepth), "{action}",
            "Actions waiting in the inbox for a background retry (all branches; sampled)");
        InboxOldestAge = _meter.CreateObservableGauge("reception.inbox.oldest_pending.age", OldestPendingAge, "s",
            "Age of the oldest action waiting in the inbox, 0 when none (sampled)");
        _meter.CreateObservableUpDownCounter("reception.connections",
            () => live.Select(c => new Measurement<int>(c.Count, new KeyValuePair<string, object?>("kind", c.Kind))),
            "{connection}", "Live connections on this instance, by kind (desk, display, kiosk, status_page)");
    }

    public Counter<long> Actions { get; }
    public Histogram<double> ApplyDuration { get; }
    public Histogram<int> BatchSize { get; }
    public Counter<long> GivenUp { get; }
    public Histogram<double> BroadcastDelay { get; }
    public Histogram<int> PullSize { get; }
    public ObservableGauge<long> InboxDepth { get; }
    public ObservableGauge<double> InboxOldestAge { get; }

    /// <summary>Counts one action's result.</summary>
    public void Answered(string? type, string result) =>
        Actions.Add(1, new KeyValuePair<string, object?>("type", KnownType(type)), new KeyValuePair<string, object?>("result", result));

    /// <summary>Records how long a committed apply transaction took, since <paramref name="started"/> (a Stopwatch timestamp).</summary>
    public void Committed(long started, int actions) =>
        ApplyDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("mode", actions > 1 ? "batch" : "single"));

    public void Pulled(int items, bool snapshot) =>
        PullSize.Record(items, new KeyValuePair<string, object?>("kind", snapshot ? "snapshot" : "changes"));

    /// <summary>The inbox as the host last read it; the gauges report it.</summary>
    public void InboxSampled(long depth, DateTime? oldestPendingUtc)
    {
        Interlocked.Exchange(ref _inboxDepth, depth);
        _oldestPending = oldestPendingUtc;
    }

    /// <summary>Whether anything reads the inbox gauges (so the host need not query the database otherwise).</summary>
    public bool InboxObserved => InboxDepth.Enabled || InboxOldestAge.Enabled;

    private double OldestPendingAge() => _oldestPending is { } oldest
        ? Math.Max(0, (_clock.GetUtcNow().UtcDateTime - oldest).TotalSeconds)
        : 0;

    /// <summary>The server's own constant for a known type, else <see cref="OtherType"/>: a client's text never becomes a tag.</summary>
    public static string KnownType(string? type)
    {
        foreach (var known in ActionTypes.All)
        {
            if (string.Equals(known, type, StringComparison.Ordinal))
            {
                return known;
            }
        }

        return OtherType;
    }

    /// <summary>A span of this source, or null when nothing listens.</summary>
    public static Activity? Start(string name, string? branch = null)
    {
        var activity = Source.StartActivity(name);
        if (activity is { IsAllDataRequested: true } && branch is not null)
        {
            activity.SetTag(BranchAttribute, branch);
        }

        return activity;
    }

    /// <summary>Tags a span with its actions' count, type and result (<see cref="Mixed"/> when a batch's differ).</summary>
    public static void Tag(Activity? activity, IReadOnlyList<SyncAction?> actions, IReadOnlyList<ActionResult> results)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(ActionsAttribute, actions.Count);
        activity.SetTag(TypeAttribute, Common(actions, a => KnownType(a?.Type)));
        activity.SetTag(ResultAttribute, Common(results, r => r.Status));
    }

    public static void Tag(Activity? activity, SyncAction action, ActionResult result)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(ActionsAttribute, 1);
        activity.SetTag(TypeAttribute, KnownType(action.Type));
        activity.SetTag(ResultAttribute, result.Status);
    }

    private static string? Common<T>(IReadOnlyList<T> items, Func<T, string> of)
    {
        string? common = null;
        foreach (var item in items)
        {
            var value = of(item);
            if (common is not null && common != value)
            {
                return Mixed;
            }

            common = value;
        }

        return common;
    }
}
