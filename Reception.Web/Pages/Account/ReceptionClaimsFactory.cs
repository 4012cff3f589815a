using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Reception.Data.Model;
using Reception.Web.Auth;

namespace Reception.Web.Pages.Account;

/// <summary>The cookie carries the same branch claim as a bearer token, plus the desk a Desk login works at.</summary>
public sealed class ReceptionClaimsFactory(
    UserManager<ReceptionUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ReceptionUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "display_name";

    /// <summary>The language the login picked (Languages/UserLanguageProvider reads it).</summary>
    public const string LanguageClaim = "language";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ReceptionUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.BranchId is { } branch)
        {
            identity.AddClaim(new Claim(ReceptionClaims.Branch, branch.ToString()));
        }

        if (user.DeskId is { } desk)
        {
            identity.AddClaim(new Claim(ReceptionClaims.Desk, desk.ToString()));
        }

        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.Language is { Length: > 0 } language)
        {
            identity.AddClaim(new Claim(LanguageClaim, language));
        }

        // The same session marker as an access token's, so one rule (Sessions.IsCurrent) ends both.
        identity.AddClaim(new Claim(ReceptionClaims.Stamp, TokenIssuer.StampHash(user.SecurityStamp)));
        return identity;
    }
}
