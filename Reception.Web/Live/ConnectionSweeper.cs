using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Web.Infrastructure;

namespace Reception.Web.Live;

/// <summary>
/// Closes the live connections of users who were disabled or deleted since they connected
/// (an admin's action, possibly on another instance), within a few seconds.
/// </summary>
public sealed partial class ConnectionSweeper(
    ConnectionRegistry connections, IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ConnectionSweeper> logger)
    : PeriodicSweeper(configuration)
{
    private const string ApiClientPrefix = "apiclient:";

    protected override void SweepFailed(Exception exception) => Log.SweepFailed(logger, exception);

    protected override async Task SweepAsync(CancellationToken cancellationToken)
    {
        var users = connections.Users;
        if (users.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var active = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id) && u.IsActive)
            .Select(u => u.Id).ToListAsync(cancellationToken);

        // API clients are keyed "apiclient:{id}"; a revoked key loses its connections too.
        var clientIds = users.Where(u => u.StartsWith(ApiClientPrefix, StringComparison.Ordinal))
            .Select(u => Guid.TryParse(u.AsSpan(ApiClientPrefix.Length), out var id) ? id : Guid.Empty).ToList();
        var activeClients = await db.ApiClients.AsNoTracking().Where(c => clientIds.Contains(c.Id) && c.IsActive)
            .Select(c => c.Id).ToListAsync(cancellationToken);
        active.AddRange(activeClients.Select(id => ApiClientPrefix + id));

        foreach (var user in users.Except(active))
        {
            var closed = connections.CloseAll(user);
            if (closed > 0)
            {
                Log.Closed(logger, user, closed);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Closed {Count} live connection(s) of disabled user {User}", EventName = "ConnectionsClosed")]
        public static partial void Closed(ILogger logger, string user, int count);

        [LoggerMessage(4002, LogLevel.Warning, "Checking live connections against disabled users failed", EventName = "SweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
