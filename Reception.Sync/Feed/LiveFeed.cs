using System.Collections.Concurrent;
using Mediator;

namespace Reception.Sync.Feed;

/// <summary>
/// In-process subscription to committed changes, for listeners that are not Mediator handlers
/// (a dashboard's server-side view, tests). Invariants:
/// - a subscriber sees each commit once, after it is durable;
/// - a failing subscriber does not stop the others.
/// </summary>
public sealed class LiveFeed
{
    private readonly ConcurrentDictionary<Guid, Func<ChangesCommitted, CancellationToken, ValueTask>> _subscribers = new();

    public IDisposable Subscribe(Func<ChangesCommitted, CancellationToken, ValueTask> onCommitted)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = onCommitted;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    internal async ValueTask PublishAsync(ChangesCommitted committed, CancellationToken cancellationToken)
    {
        List<Exception>? errors = null;
        foreach (var subscriber in _subscribers.Values)
        {
            try
            {
                await subscriber(committed, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
        {
            throw new AggregateException(errors);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

public sealed class LiveFeedRelay(LiveFeed feed) : INotificationHandler<ChangesCommitted>
{
    public ValueTask Handle(ChangesCommitted notification, CancellationToken cancellationToken) =>
        feed.PublishAsync(notification, cancellationToken);
}
