using System.Security.Claims;
using Reception.Data.Model;

namespace Reception.Web.Pages;

/// <summary>Where each role works: the page after sign-in, and the way back from a refusal or a missing page.</summary>
public static class Home
{
    public static string PathFor(Func<string, bool> isInRole) =>
        isInRole(Roles.Desk) ? "/desk" : isInRole(Roles.Manager) ? "/dashboard" : isInRole(Roles.Admin) ? "/admin" : "/";

    /// <summary>
    /// The link back for <paramref name="user"/>: their own page, or "Sign in" when signed out (coming
    /// back to <paramref name="returnUrl"/> afterwards, when given). Text is a catalog key.
    /// </summary>
    public static (string Href, string Text) WayBack(ClaimsPrincipal user, string? returnUrl = null) =>
        user.Identity?.IsAuthenticated != true
            ? (returnUrl is null ? "/login" : "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "errors.back.signIn")
            : PathFor(user.IsInRole) switch
            {
                "/desk" => ("/desk", "errors.back.desk"),
                "/dashboard" => ("/dashboard", "errors.back.dashboard"),
                "/admin" => ("/admin", "errors.back.admin"),
                var other => (other, "errors.back.start"),
            };
}
