using Hangfire;
using Mediator;
using Microsoft.Extensions.Options;
using Reception.Sync.Retention;

namespace Reception.Web.Jobs;

/// <summary>
/// The Hangfire shell around <see cref="ApplyRetention"/>, run on <see cref="JobsOptions.RetentionCron"/>.
/// Re-entrant: a second run (a retry, or another instance's) finds nothing left to remove.
/// </summary>
public sealed partial class RetentionJob(IMediator mediator, ILogger<RetentionJob> logger)
{
    public const string Id = "retention";

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new ApplyRetention(), cancellationToken);
        Log.Ran(logger, run.Branches, run.Visits, run.Copies, run.Notifications);
    }

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Information,
            "Retention: {Branches} branch(es); details removed from {Visits} visit(s) and {Copies} stored result(s) or inbox row(s); {Notifications} notification(s) deleted",
            EventName = "RetentionRan")]
        public static partial void Ran(ILogger logger, int branches, int visits, int copies, int notifications);
    }
}

/// <summary>
/// Puts the retention job on its schedule at start-up. With PostgreSQL storage the schedule is one
/// record shared by every instance, so the job runs once per occurrence, not once per instance.
/// </summary>
public sealed class RetentionSchedule(IRecurringJobManager jobs, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<RetentionJob>(RetentionJob.Id, j => j.RunAsync(CancellationToken.None), options.Value.RetentionCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
