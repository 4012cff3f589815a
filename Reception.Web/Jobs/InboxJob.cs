using Hangfire;
using Mediator;
using Reception.Sync.Apply;

namespace Reception.Web.Jobs;

/// <summary>
/// The Hangfire shell around <see cref="DrainInbox"/>: ids in, Mediator does the work. Re-entrant:
/// the pipeline is exactly-once, so a retry or a second run changes nothing already applied.
/// </summary>
public sealed class InboxJob(IMediator mediator)
{
    // More tries than the inbox's own MaxAttempts: the inbox gives up visibly first, while the
    // database answers; if it never answers, Hangfire's failed list shows the job.
    [AutomaticRetry(Attempts = 10, DelaysInSeconds = [1, 2, 4, 8, 15, 30, 60, 120, 300, 600],
        OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken) =>
        await mediator.Send(new DrainInbox(branchId, clientId), cancellationToken);
}

public sealed class HangfireInboxScheduler(IBackgroundJobClient jobs) : IInboxScheduler
{
    public void Schedule(Guid branchId, Guid clientId) =>
        jobs.Enqueue<InboxJob>(j => j.RunAsync(branchId, clientId, CancellationToken.None));
}
