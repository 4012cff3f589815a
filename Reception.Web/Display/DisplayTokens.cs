using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Web.Auth;

namespace Reception.Web.Display;

/// <summary>Display links: a random token shown once, kept as a SHA-256 hash (like API keys).</summary>
public static class DisplayTokens
{
    public const string Prefix = "dt_";

    public static string Generate() => LinkTokens.Generate(Prefix);

    public static string Hash(string token) => ApiKeys.Hash(token);

    public static bool LooksValid(string? token) => LinkTokens.LooksValid(token, Prefix);
}

/// <summary>Which screen of which branch a valid display token opens.</summary>
public sealed record DisplayAccess(Guid TokenId, string TokenName, Guid BranchId, string Branch, string BranchName, string TimeZoneId);

/// <summary>
/// Checks a display token against a branch: the token must be active, belong to that branch, and
/// the branch must be open. Null when any of it is not so (the caller says why in one sentence).
/// </summary>
public sealed record CheckDisplayToken(string? Branch, string? Token) : IQuery<DisplayAccess?>;

public sealed class CheckDisplayTokenHandler(ReceptionDbContext db) : IQueryHandler<CheckDisplayToken, DisplayAccess?>
{
    public async ValueTask<DisplayAccess?> Handle(CheckDisplayToken query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query.Branch) || !DisplayTokens.LooksValid(query.Token))
        {
            return null;
        }

        var hash = DisplayTokens.Hash(query.Token!);
        return await (from t in db.DisplayTokens.AsNoTracking()
                      join b in db.Branches.AsNoTracking() on t.BranchId equals b.Id
                      where t.TokenHash == hash && t.IsActive && t.RevokedAt == null && b.IsActive && b.Slug == query.Branch
                      select new DisplayAccess(t.Id, t.Name, b.Id, b.Slug, b.Name, b.TimeZoneId))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
