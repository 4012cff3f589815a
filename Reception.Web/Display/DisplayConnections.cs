using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Web.Live;

namespace Reception.Web.Display;

/// <summary>The live screens on this instance, by display token, so a revoked token's screens are closed.</summary>
public sealed class DisplayConnections : TokenConnections;

/// <summary>
/// Closes, within a few seconds, the screens whose token was revoked (or whose branch was closed)
/// since they connected, on whichever instance the admin did it. Reconnecting then fails: the
/// screen says its link is no longer valid.
/// </summary>
public sealed partial class DisplaySweeper(
    DisplayConnections connections, IServiceScopeFactory scopes, IOptions<LiveOptions> options, ILogger<DisplaySweeper> logger)
    : TokenSweeper(connections, scopes, options)
{
    protected override void SweepFailed(Exception exception) => Log.SweepFailed(logger, exception);

    protected override void Closed(Guid tokenId, int count) => Log.Closed(logger, tokenId, count);

    protected override Task<List<Guid>> StillValidAsync(ReceptionDbContext db, IReadOnlyCollection<Guid> tokens, CancellationToken cancellationToken) =>
        (from t in db.DisplayTokens.AsNoTracking()
         join b in db.Branches.AsNoTracking() on t.BranchId equals b.Id
         where tokens.Contains(t.Id) && t.IsActive && t.RevokedAt == null && b.IsActive
         select t.Id).ToListAsync(cancellationToken);

    // Event ids 6001-6099 belong to Reception.Web.Display.
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Information, "Closed {Count} screen(s) of revoked display token {TokenId}", EventName = "DisplaysClosed")]
        public static partial void Closed(ILogger logger, Guid tokenId, int count);

        [LoggerMessage(6002, LogLevel.Warning, "Checking live screens against revoked display tokens failed", EventName = "DisplaySweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
