using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Reception.Web.Pages.Account;

namespace Reception.Web.Languages;

/// <summary>
/// The signed-in login's saved language (picked in the header, Pages/Account/Language), carried in
/// its sign-in cookie as a claim: so it follows the person to any computer they sign in on. Runs
/// before authentication in the pipeline, so it reads the sign-in cookie itself (the cookie handler
/// keeps the answer for the rest of the request).
/// </summary>
public sealed class UserLanguageProvider : RequestCultureProvider
{
    /// <summary>ASP.NET Core Identity's sign-in cookie (its default name): without it there is no one to ask about.</summary>
    private static readonly string SignInCookie = ".AspNetCore." + IdentityConstants.ApplicationScheme;

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        // Reached only when the browser has no culture cookie of its own (the picker and signing in write one).
        if (!httpContext.Request.Cookies.Keys.Any(k => k.StartsWith(SignInCookie, StringComparison.Ordinal)))
        {
            return null;
        }

        var signedIn = await httpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return signedIn.Principal?.FindFirst(ReceptionClaimsFactory.LanguageClaim)?.Value is { Length: > 0 } tag
            ? new ProviderCultureResult(tag)
            : null;
    }
}
