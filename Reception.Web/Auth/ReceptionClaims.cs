using System.Security.Claims;
using Reception.Data.Model;
using Reception.Sync.Access;

namespace Reception.Web.Auth;

/// <summary>The claims every scheme (cookie, bearer token, API key) gives a caller, and what they mean to the engine.</summary>
public static class ReceptionClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Branch = "branch";

    /// <summary>The desk a Desk login works at (cookie and access token alike).</summary>
    public const string Desk = "desk";

    /// <summary>Hash of the user's security stamp: a token dies when the stamp changes (new password, revoked sessions).</summary>
    public const string Stamp = "stamp";

    /// <summary>The role of a legacy system signed in with an API key (not a login, so not an Identity role).</summary>
    public const string ApiClientRole = "ApiClient";

    /// <summary>Who the engine sees, or null for a principal that is signed in without a Reception role.</summary>
    public static Caller? ToCaller(this ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return null;
        }

        CallerKind? kind = user.IsInRole(Roles.Admin) ? CallerKind.Admin
            : user.IsInRole(Roles.Manager) ? CallerKind.Manager
            : user.IsInRole(Roles.Desk) ? CallerKind.Desk
            : user.IsInRole(ApiClientRole) ? CallerKind.ApiClient
            : null;
        if (kind is null)
        {
            return null;
        }

        var branch = Guid.TryParse(user.FindFirst(Branch)?.Value, out var id) ? id : (Guid?)null;
        var desk = Guid.TryParse(user.FindFirst(Desk)?.Value, out var deskId) ? deskId : (Guid?)null;
        return new Caller(name, kind.Value, branch, user.ClientKey(), desk);
    }

    /// <summary>What a per-client limit counts against: the API client or the user, else null.</summary>
    public static string? ClientKey(this ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true } && (user.FindFirst(Subject) ?? user.FindFirst(ClaimTypes.NameIdentifier)) is { } sub
            ? sub.Value
            : null;
}
