using Microsoft.Extensions.Options;
using Reception.Web.Live;

namespace Reception.Web.Infrastructure;

/// <summary>
/// A background check that runs every Reception:Live:SweepSeconds (5 s by default) for the life of
/// the instance. A failed round (the database briefly away) is reported and the next tick tries
/// again; only shutting down stops it.
/// </summary>
public abstract class PeriodicSweeper(IOptions<LiveOptions> options) : BackgroundService
{
    protected abstract Task SweepAsync(CancellationToken cancellationToken);

    protected abstract void SweepFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SweepFailed(e);
            }
        }
    }
}
