using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Visitors;
using Reception.Web.Visitors;

namespace Reception.Bench.Suite.Status;

/// <summary>
/// One visitor's status page as wwwroot/js/visitor/link.js connects it: an anonymous connection to
/// <c>/hubs/visitor</c>, then <c>Watch(code)</c>, whose answer and every <c>status</c> message after it
/// go to the page's <see cref="PageView"/>. The receive handler reads the clock first; the first status
/// saying "called" is the call's receipt.
/// </summary>
internal sealed class StatusPage : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly PageActivity _activity;
    private readonly TaskCompletionSource<long> _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StatusPage(Guid visitId, string code, HubConnection connection, PageActivity activity)
    {
        VisitId = visitId;
        Code = code;
        _connection = connection;
        _activity = activity;
        connection.On<VisitorUpdate>("status", update => Receive(update.Visit));
    }

    public Guid VisitId { get; }

    public string Code { get; }

    public PageView View { get; } = new();

    /// <summary>The Stopwatch timestamp at which the page first heard it was called.</summary>
    public Task<long> Called => _called.Task;

    /// <summary>Opens the page's connection and watches its visit; the page is shown once this returns.</summary>
    public static async Task<StatusPage> OpenAsync(Uri server, Guid visitId, string code, PageActivity activity,
        CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, VisitorExtensions.HubPath), o =>
            {
                // As the desks of the other scenarios: WebSockets, no negotiate round trip.
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        var page = new StatusPage(visitId, code, connection, activity);
        try
        {
            await connection.StartAsync(cancellationToken);
            var watched = await connection.InvokeAsync<VisitorUpdate>("Watch", code, cancellationToken);
            page.View.Receive(watched.Visit);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void Receive(VisitorStatusDto status)
    {
        var now = Stopwatch.GetTimestamp(); // first: the receipt is when the message reached the page's code
        if (status.Status == "called")
        {
            _called.TrySetResult(now);
        }

        View.Receive(status);
        _activity.Heard(now);
    }
}

/// <summary>When the last status message reached any page, and how many did.</summary>
internal sealed class PageActivity
{
    private long _last;
    private long _messages;

    public long Last => Interlocked.Read(ref _last);

    public long Messages => Interlocked.Read(ref _messages);

    public void Heard(long timestamp)
    {
        Interlocked.Increment(ref _messages);
        long seen;
        while ((seen = Interlocked.Read(ref _last)) < timestamp && Interlocked.CompareExchange(ref _last, timestamp, seen) != seen)
        {
        }
    }
}

/// <summary>The open status pages, one per visit, opened <see cref="Batch"/> at a time as a crowd of phones would open them.</summary>
internal sealed class StatusPages(Uri server) : IAsyncDisposable
{
    private const int Batch = 50;

    private readonly ConcurrentDictionary<Guid, StatusPage> _pages = new();

    public PageActivity Activity { get; } = new();

    public int Count => _pages.Count;

    public IEnumerable<StatusPage> All => _pages.Values;

    public StatusPage this[Guid visitId] => _pages[visitId];

    /// <summary>Opens a page for each visit; returns each Watch's round trip from just before the connection started, in ms.</summary>
    public async Task<double[]> OpenAsync(IReadOnlyList<(Guid VisitId, string Code)> visits, CancellationToken cancellationToken)
    {
        var times = new double[visits.Count];
        for (var from = 0; from < visits.Count; from += Batch)
        {
            await Task.WhenAll(Enumerable.Range(from, Math.Min(Batch, visits.Count - from)).Select(async i =>
            {
                var started = Stopwatch.GetTimestamp();
                var page = await StatusPage.OpenAsync(server, visits[i].VisitId, visits[i].Code, Activity, cancellationToken);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!_pages.TryAdd(page.VisitId, page))
                {
                    await page.DisposeAsync();
                }
            }));
        }

        return times;
    }

    /// <summary>
    /// Until every page shows feed version <paramref name="version"/> or later (every open visit's page
    /// gets every refresh, and the last refresh reads the branch after the last commit), or
    /// <paramref name="limit"/> passed.
    /// </summary>
    public async Task ReachAsync(long version, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (_pages.Values.Any(p => p.View.Shown is not { } shown || shown.Version < version))
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    /// <summary>Closes the pages of these visits (their visitors went home).</summary>
    public async Task CloseAsync(IEnumerable<Guid> visitIds)
    {
        foreach (var batch in visitIds.Chunk(Batch))
        {
            await Task.WhenAll(batch.Select(id => _pages.TryRemove(id, out var page) ? page.DisposeAsync().AsTask() : Task.CompletedTask));
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync(_pages.Keys.ToList());
}
