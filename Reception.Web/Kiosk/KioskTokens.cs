using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Web.Auth;

namespace Reception.Web.Kiosk;

/// <summary>Kiosk links: a random token shown once, kept as a SHA-256 hash (like display links and API keys).</summary>
public static class KioskTokens
{
    public const string Prefix = "kt_";

    public static string Generate() => LinkTokens.Generate(Prefix);

    public static string Hash(string token) => ApiKeys.Hash(token);

    public static bool LooksValid(string? token) => LinkTokens.LooksValid(token, Prefix);
}

/// <summary>The kiosk a valid kiosk token opens, and its branch.</summary>
public sealed record KioskAccess(Guid TokenId, string TokenName, Guid BranchId, string Branch, string BranchName, string TimeZoneId)
{
    /// <summary>What owns the clientIds the kiosk uses (see <see cref="ClientOwnership"/>).</summary>
    public string Owner => "kiosk:" + TokenId;

    public Caller Caller => new("kiosk " + TokenName, CallerKind.Kiosk, BranchId, Owner);
}

/// <summary>
/// Checks a kiosk token: it must be active and its branch open. Null when it is not so. Which
/// branch the kiosk may use is decided where the branch is resolved (another branch: 403).
/// </summary>
public sealed record CheckKioskToken(string? Token) : IQuery<KioskAccess?>;

public sealed class CheckKioskTokenHandler(ReceptionDbContext db) : IQueryHandler<CheckKioskToken, KioskAccess?>
{
    public async ValueTask<KioskAccess?> Handle(CheckKioskToken query, CancellationToken cancellationToken)
    {
        if (!KioskTokens.LooksValid(query.Token))
        {
            return null;
        }

        var hash = KioskTokens.Hash(query.Token!);
        return await (from t in db.KioskTokens.AsNoTracking()
                      join b in db.Branches.AsNoTracking() on t.BranchId equals b.Id
                      where t.TokenHash == hash && t.IsActive && t.RevokedAt == null && b.IsActive
                      select new KioskAccess(t.Id, t.Name, b.Id, b.Slug, b.Name, b.TimeZoneId))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
