using System.Diagnostics;
using Reception.Bench.Suite.Fanout;

namespace Reception.Bench.Suite.Status;

/// <summary>One run's delays (ms) from just before each call's push to its receipt: at the called visitor's page, and at a desk.</summary>
internal sealed record CallDelays(double[] Page, double[] Desk)
{
    public double PageAt(double p) => At(Page, p);

    public double DeskAt(double p) => At(Desk, p);

    private static double At(double[] delays, double p) => LatencyRun.Percentile([.. delays.Order()], p);
}

/// <summary>What one run measured: the calls one at a time, the burst, and the pages checked after it.</summary>
internal sealed record StatusSample(CallDelays OneByOne, CallDelays Burst, int Pages, IReadOnlyList<WrongPage> Wrong, double Settled)
{
    public override string ToString() => FormattableString.Invariant(
        $"one at a time: page {OneByOne.PageAt(0.5):F1}/{OneByOne.PageAt(0.95):F1}/{OneByOne.PageAt(0.99):F1} ms, desk {OneByOne.DeskAt(0.5):F1}/{OneByOne.DeskAt(0.95):F1}/{OneByOne.DeskAt(0.99):F1}; ") +
        FormattableString.Invariant(
        $"burst: page {Burst.PageAt(0.5):F1}/{Burst.PageAt(0.95):F1}/{Burst.PageAt(0.99):F1}, desk {Burst.DeskAt(0.5):F1}/{Burst.DeskAt(0.95):F1}/{Burst.DeskAt(0.99):F1} (p50/p95/p99); ") +
        FormattableString.Invariant($"{Wrong.Count} of {Pages} pages wrong, all right {Settled:F0} ms after the last call's answer") +
        (Wrong.Count > 0 ? "; e.g. " + string.Join("; ", Wrong.Take(3).Select(w => $"{w.VisitId}: shows {w.Shown?.ToString() ?? "nothing"}, truth {w.Truth?.ToString() ?? "unknown"}")) : "");
}

/// <summary>
/// One run against the open pages: calls one at a time (the next when the called page and the desk
/// both have it), then a burst of calls back to back (each push sent when the last one answered),
/// then every page checked against the server's truth; then, untimed, the called visitors are served,
/// their pages closed, and as many new visitors registered with their pages opened, so every run
/// starts with the same number of pages, all waiting.
/// </summary>
internal sealed class StatusRun(StatusDesk desk, DeskCrowd receiver, StatusPages pages, int oneByOne, int burst)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<StatusSample> RunAsync(int seed, CancellationToken cancellationToken)
    {
        // Random visitors, not the heads of the lines: a call then moves the places behind it and not those
        // before it, so the check covers every position.
        var waiting = pages.All.Where(p => p.View.Shown?.Status == "waiting").Select(p => p.VisitId).Order().ToArray();
        if (waiting.Length < oneByOne + burst)
        {
            throw new BenchFailure($"{waiting.Length} pages are waiting; the run calls {oneByOne + burst}.");
        }

        new Random(seed).Shuffle(waiting);
        var first = waiting[..oneByOne];
        var second = waiting[oneByOne..(oneByOne + burst)];

        var one = await CallOneByOneAsync(first, cancellationToken);
        var (many, version, answered) = await CallBurstAsync(second, cancellationToken);

        await pages.ReachAsync(version, Timeout, cancellationToken); // a page that did not is wrong below
        var settled = Stopwatch.GetElapsedTime(answered, pages.Activity.Last).TotalMilliseconds;
        var truth = PlaceInLine.Truth(await desk.SnapshotAsync(cancellationToken));
        var wrong = PlaceInLine.Wrong(pages.All.Select(p => (p.VisitId, p.View.Shown)), truth);
        var sample = new StatusSample(one, many, pages.Count, wrong, settled);

        await ReplaceAsync([.. first, .. second], cancellationToken);
        return sample;
    }

    private async Task<(CallDelays Delays, long Version, long Answered)> CallBurstAsync(Guid[] visits, CancellationToken cancellationToken)
    {
        var board = new ReceiptBoard(1, visits.Length, desk.CallClient, desk.NextCall);
        var sent = new long[visits.Length];
        long version = 0;
        receiver.Watch(board);
        try
        {
            for (var i = 0; i < visits.Length; i++)
            {
                sent[i] = Stopwatch.GetTimestamp();
                version = await desk.CallAsync(visits[i], cancellationToken);
            }

            var answered = Stopwatch.GetTimestamp();
            var page = new double[visits.Length];
            for (var i = 0; i < visits.Length; i++)
            {
                page[i] = Milliseconds(sent[i], await CalledAsync(visits[i], cancellationToken));
                await board.WaitAsync(i, cancellationToken);
            }

            return (new CallDelays(page, board.Delays(sent)), version, answered);
        }
        finally
        {
            receiver.Watch(null);
        }
    }

    private async Task<CallDelays> CallOneByOneAsync(Guid[] visits, CancellationToken cancellationToken)
    {
        var board = new ReceiptBoard(1, visits.Length, desk.CallClient, desk.NextCall);
        var sent = new long[visits.Length];
        var page = new double[visits.Length];
        receiver.Watch(board);
        try
        {
            for (var i = 0; i < visits.Length; i++)
            {
                sent[i] = Stopwatch.GetTimestamp();
                await desk.CallAsync(visits[i], cancellationToken);
                page[i] = Milliseconds(sent[i], await CalledAsync(visits[i], cancellationToken));
                await board.WaitAsync(i, cancellationToken);
            }

            return new CallDelays(page, board.Delays(sent));
        }
        finally
        {
            receiver.Watch(null);
        }
    }

    private async Task<long> CalledAsync(Guid visitId, CancellationToken cancellationToken)
    {
        try
        {
            return await pages[visitId].Called.WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new BenchFailure($"The status page of visit {visitId} never heard it was called (waited {Timeout.TotalSeconds:F0} s).");
        }
    }

    private async Task ReplaceAsync(IReadOnlyList<Guid> called, CancellationToken cancellationToken)
    {
        await desk.ServeAsync(called, cancellationToken);
        await pages.CloseAsync(called);
        await pages.OpenAsync(await desk.RegisterAsync(called.Count, cancellationToken), cancellationToken);
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
