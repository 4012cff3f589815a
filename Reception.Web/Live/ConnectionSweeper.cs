using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Web.Auth;
using Reception.Web.Infrastructure;

namespace Reception.Web.Live;

/// <summary>
/// Closes the live connections whose session is over (docs/protocol.md, "Sessions end within seconds"): the login was disabled or
/// deleted, or its security stamp changed (signed out, password reset, moved to another branch or
/// role) since the connection was opened, or the API key was revoked; an admin's action, possibly on
/// another instance, takes effect within a sweep (Reception:Live:SweepSeconds, 5 s by default).
/// </summary>
public sealed partial class ConnectionSweeper(
    ConnectionRegistry connections, IServiceScopeFactory scopes, IOptions<LiveOptions> options, ILogger<ConnectionSweeper> logger)
    : PeriodicSweeper(options)
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
        var stamps = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.SecurityStamp }).ToDictionaryAsync(u => u.Id, u => u.SecurityStamp, cancellationToken);

        // API clients are keyed "apiclient:{id}"; a revoked key loses its connections too.
        var clientIds = users.Where(u => u.StartsWith(ApiClientPrefix, StringComparison.Ordinal))
            .Select(u => Guid.TryParse(u.AsSpan(ApiClientPrefix.Length), out var id) ? id : Guid.Empty).ToList();
        var activeClients = (await db.ApiClients.AsNoTracking().Where(c => clientIds.Contains(c.Id) && c.IsActive && c.RevokedAt == null)
            .Select(c => c.Id).ToListAsync(cancellationToken)).Select(id => ApiClientPrefix + id).ToHashSet();

        foreach (var user in users)
        {
            var closed = activeClients.Contains(user) ? 0
                : stamps.TryGetValue(user, out var stamp) ? connections.CloseWhere(user, c => !Sessions.IsCurrent(c.User, stamp))
                : connections.CloseAll(user);
            if (closed > 0)
            {
                Log.Closed(logger, user, closed);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Closed {Count} live connection(s) of {User}: the session is over", EventName = "ConnectionsClosed")]
        public static partial void Closed(ILogger logger, string user, int count);

        [LoggerMessage(4002, LogLevel.Warning, "Checking live connections against disabled users failed", EventName = "SweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
