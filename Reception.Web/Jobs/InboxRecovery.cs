using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Apply;

namespace Reception.Web.Jobs;

/// <summary>
/// At start-up, every client with pending inbox rows gets its retry enqueued again: the rows are
/// the source of truth, so a restart (or a lost in-memory job store) loses nothing.
/// </summary>
public sealed partial class InboxRecovery(IServiceScopeFactory scopes, ILogger<InboxRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var scheduler = scope.ServiceProvider.GetRequiredService<IInboxScheduler>();
        var pending = await db.Inbox.AsNoTracking().Where(i => i.Status == InboxStatus.Pending)
            .Select(i => new { i.BranchId, i.ClientId }).Distinct().ToListAsync(cancellationToken);
        foreach (var p in pending)
        {
            scheduler.Schedule(p.BranchId, p.ClientId);
        }

        if (pending.Count > 0)
        {
            Log.Recovered(logger, pending.Count);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Re-enqueued the inbox retries of {Clients} client(s)", EventName = "InboxRecovered")]
        public static partial void Recovered(ILogger logger, int clients);
    }
}
