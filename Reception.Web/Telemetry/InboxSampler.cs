using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Telemetry;

namespace Reception.Web.Telemetry;

/// <summary>
/// Reads the inbox's depth and oldest pending action for the gauges every
/// <c>Reception:Telemetry:InboxSampleSeconds</c>, off the request path, and only while something
/// reads the gauges (one indexed query on <c>Status</c>). A failed read keeps the last figures.
/// </summary>
public sealed partial class InboxSampler(
    ReceptionTelemetry telemetry, IServiceScopeFactory scopes, IOptions<TelemetryOptions> options, ILogger<InboxSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxSampleInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!telemetry.InboxObserved)
            {
                continue;
            }

            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.SampleFailed(logger, e);
            }
        }
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var pending = db.Inbox.AsNoTracking().Where(i => i.Status == InboxStatus.Pending);
        var depth = await pending.LongCountAsync(cancellationToken);
        var oldest = depth == 0 ? null : await pending.MinAsync(i => (DateTime?)i.CreatedAt, cancellationToken);
        telemetry.InboxSampled(depth, oldest is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null);
    }

    // Event ids 7101-7199 belong to Reception.Web.Telemetry.
    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Warning, "Reading the inbox for its gauges failed; they keep the last figures", EventName = "InboxSampleFailed")]
        public static partial void SampleFailed(ILogger logger, Exception exception);
    }
}
