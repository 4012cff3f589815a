using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reception.Sync.Apply;

namespace Reception.Sync.Feed;

/// <summary>
/// Announces each commit (publishes its <see cref="ChangesCommitted"/> to the hub, the screens, the
/// status pages and the <see cref="LiveFeed"/>) off the pusher's path: the push is answered as soon
/// as its commit is durable, and never waits for other devices to take the broadcast in. Before, a
/// push awaited every subscribed desk's socket write, so under load (or behind one slow screen) a
/// desk's own push waited for everyone else's delivery: at 3,000 desks on 300 branches its p99 was
/// about four times that of the same pushes with no desk subscribed.
/// Invariants:
/// - a commit is announced once, after it is durable, in the order announced per branch (one lane
///   per branch: lanes are chosen by branch, each lane publishes one commit at a time);
/// - an announcement runs in the pusher's execution context (its trace: the broadcast span stays a
///   child of the push) but in a service scope of its own, as the request's has ended by then;
/// - a failed publish is logged and dropped: the change is in the feed, and a desk that missed it
///   pulls it on the next version it sees or when it reconnects.
/// </summary>
public sealed partial class CommitAnnouncer : IAsyncDisposable
{
    /// <summary>Lanes publishing at once; a branch always uses the same one.</summary>
    private const int Lanes = 8;

    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<CommitAnnouncer> _logger;
    private readonly Channel<Work>[] _lanes = new Channel<Work>[Lanes];
    private readonly Task[] _readers = new Task[Lanes];

    public CommitAnnouncer(IServiceScopeFactory scopes, ILogger<CommitAnnouncer> logger)
    {
        _scopes = scopes;
        _logger = logger;
        for (var i = 0; i < Lanes; i++)
        {
            var lane = _lanes[i] = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
            _readers[i] = Task.Run(() => ReadAsync(lane.Reader));
        }
    }

    /// <summary>Queues the commit's announcement and returns at once.</summary>
    public void Announce(ChangesCommitted committed)
    {
        var work = new Work(committed, ExecutionContext.Capture(), null);
        if (!LaneOf(committed.BranchId).Writer.TryWrite(work))
        {
            Log.Stopped(_logger, committed.Branch, committed.ToVersion);
        }
    }

    /// <summary>Completes when every commit announced before the call has been published (a barrier, for tests and shutdown).</summary>
    public Task AnnouncedAsync()
    {
        var marks = new List<Task>(Lanes);
        foreach (var lane in _lanes)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (lane.Writer.TryWrite(new Work(null, null, done)))
            {
                marks.Add(done.Task);
            }
        }

        return Task.WhenAll(marks);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await Task.WhenAll(_readers).WaitAsync(DrainOnStop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private Channel<Work> LaneOf(Guid branchId) => _lanes[(uint)branchId.GetHashCode() % Lanes];

    private async Task ReadAsync(ChannelReader<Work> reader)
    {
        await foreach (var work in reader.ReadAllAsync())
        {
            if (work.Committed is { } committed)
            {
                await PublishAsync(committed, work.Context);
            }

            work.Mark?.TrySetResult();
        }
    }

    private async Task PublishAsync(ChangesCommitted committed, ExecutionContext? context)
    {
        try
        {
            Task? publish = null;
            if (context is null)
            {
                publish = PublishInScopeAsync(committed);
            }
            else
            {
                ExecutionContext.Run(context, _ => publish = PublishInScopeAsync(committed), null);
            }

            await publish!;
        }
        catch (Exception e)
        {
            ApplyLog.PublishFailed(_logger, e, committed.Branch, committed.ToVersion);
        }
    }

    private async Task PublishInScopeAsync(ChangesCommitted committed)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(committed);
    }

    private sealed record Work(ChangesCommitted? Committed, ExecutionContext? Context, TaskCompletionSource? Mark);

    // Event ids 1000-1099 belong to Reception.Sync.Apply; 1090-1099 to announcing.
    private static partial class Log
    {
        [LoggerMessage(1090, LogLevel.Warning, "{Branch} version {Version} was committed while stopping and is not announced; desks will pull it",
            EventName = "AnnounceStopped")]
        public static partial void Stopped(ILogger logger, string branch, long version);
    }
}
