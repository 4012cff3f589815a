namespace Reception.Web.Infrastructure;

/// <summary>
/// A background check that runs every Reception:Live:SweepSeconds (5 s by default) for the life of
/// the instance. A failed round (the database briefly away) is reported and the next tick tries
/// again; only shutting down stops it.
/// </summary>
public abstract class PeriodicSweeper(IConfiguration configuration) : BackgroundService
{
    protected abstract Task SweepAsync(CancellationToken cancellationToken);

    protected abstract void SweepFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(configuration.GetValue("Reception:Live:SweepSeconds", 5.0));
        using var timer = new PeriodicTimer(every);
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
