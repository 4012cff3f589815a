using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Web.Live;

namespace Reception.Web.Kiosk;

/// <summary>The open kiosks on this instance, by kiosk token, so a revoked token's kiosks are closed.</summary>
public sealed class KioskConnections : TokenConnections;

/// <summary>Closes, within a sweep (5 s), the kiosks whose token was revoked or whose branch was closed.</summary>
public sealed partial class KioskSweeper(
    KioskConnections connections, IServiceScopeFactory scopes, IOptions<LiveOptions> options, ILogger<KioskSweeper> logger)
    : TokenSweeper(connections, scopes, options)
{
    protected override void SweepFailed(Exception exception) => Log.SweepFailed(logger, exception);

    protected override void Closed(Guid tokenId, int count) => Log.Closed(logger, tokenId, count);

    protected override Task<List<Guid>> StillValidAsync(ReceptionDbContext db, IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken) =>
        (from t in db.KioskTokens.AsNoTracking()
         join b in db.Branches.AsNoTracking() on t.BranchId equals b.Id
         where tokens.Contains(t.Id) && t.IsActive && t.RevokedAt == null && b.IsActive
         select t.Id).ToListAsync(cancellationToken);

    // Event ids 6401-6499 belong to Reception.Web.Kiosk.
    private static partial class Log
    {
        [LoggerMessage(6401, LogLevel.Information, "Closed {Count} kiosk(s) of revoked kiosk token {TokenId}", EventName = "KiosksClosed")]
        public static partial void Closed(ILogger logger, Guid tokenId, int count);

        [LoggerMessage(6402, LogLevel.Warning, "Checking open kiosks against revoked kiosk tokens failed", EventName = "KioskSweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
