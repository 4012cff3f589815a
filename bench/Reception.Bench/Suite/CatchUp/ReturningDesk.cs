using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Access;
using Reception.Sync.Wire;
using Reception.Web.Live;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// A desk coming back online with a full outbox, doing what wwwroot/js/sync.js does on a reconnect:
/// subscribe, pull from the version it holds, drain the outbox, and pull whenever a broadcast does
/// not continue right after what it holds. One pull at a time: a pull asked for while one runs
/// makes that one go round again, as sync.js's pullAgain does.
/// </summary>
internal sealed class ReturningDesk : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly DeskView _view;
    private readonly OfflineOutbox _outbox;
    private readonly CancellationToken _token;
    private readonly Lock _gate = new();
    private Task _pulling = Task.CompletedTask;
    private bool _running, _pullAgain;
    private ExceptionDispatchInfo? _pullFailed;

    public ReturningDesk(HubConnection connection, DeskView view, OfflineOutbox outbox, CancellationToken cancellationToken)
    {
        _connection = connection;
        _view = view;
        _outbox = outbox;
        _token = cancellationToken;
        connection.On<ChangesMessage>("changes", OnChanges);
    }

    public int Pushes { get; private set; }

    public int Pulls { get; private set; }

    /// <summary>
    /// Returns once the outbox is empty and a pull that started after the last push's answer
    /// found nothing more: the desk then holds the server's state as of its <see cref="DeskView.Version"/>.
    /// </summary>
    public async Task CatchUpAsync()
    {
        await _connection.StartAsync(_token);
        await _connection.InvokeAsync<BranchFeed>(nameof(QueueHub.Subscribe), CatchUpScenario.Branch, _token);
        await PullAsync();
        while (_outbox.NextBatch() is { Count: > 0 } batch)
        {
            var response = await _connection.InvokeAsync<PushResponse>(nameof(QueueHub.Push),
                new PushRequest { Branch = CatchUpScenario.Branch, Actions = batch }, _token);
            Pushes++;
            foreach (var visit in response.Results.Select(r => r.Visit).OfType<VisitDto>())
            {
                _view.Put(visit);
            }

            _outbox.Settle(response.Results);
        }

        if (!_outbox.IsEmpty)
        {
            throw new BenchFailure("The returning desk's outbox stopped with actions in it: an edit waits for a result that never came.");
        }

        await PullAsync();
        _pullFailed?.Throw();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnChanges(ChangesMessage message)
    {
        if (!_view.Merge(message.FromVersion - 1, message.ToVersion, message.Items))
        {
            _ = PullAsync();
        }
    }

    private Task PullAsync()
    {
        lock (_gate)
        {
            if (_running)
            {
                _pullAgain = true;
                return _pulling;
            }

            _running = true;
            _pulling = Task.Run(PullUntilCurrentAsync);
            return _pulling;
        }
    }

    private async Task PullUntilCurrentAsync()
    {
        try
        {
            while (true)
            {
                var since = _view.Version;
                PullResponse page;
                do
                {
                    page = await _connection.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), CatchUpScenario.Branch, since, _token);
                    Pulls++;
                    if (page.Snapshot is not null)
                    {
                        _view.Replace(page); // since 0: a desk whose snapshot predates every change
                    }
                    else if (!_view.Merge(since, page.ToVersion, page.Changes ?? []))
                    {
                        throw new BenchFailure($"A pull since {since} did not continue the desk's view (at {_view.Version}).");
                    }

                    since = page.ToVersion;
                }
                while (page.HasMore);

                lock (_gate)
                {
                    if (!_pullAgain)
                    {
                        _running = false;
                        return;
                    }

                    _pullAgain = false;
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _pullFailed ??= ExceptionDispatchInfo.Capture(e);
                _running = false;
            }
        }
    }
}
