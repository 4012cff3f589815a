using System.Security.Claims;

namespace Reception.Web.Auth;

/// <summary>
/// When a login's session is over (docs/protocol.md, "Sessions end within seconds"): sign-out,
/// disabling, a password reset or a move to another branch, desk or role gives the user a new
/// security stamp, and every cookie, access token and live connection carrying the old stamp's hash
/// is then refused. One rule for every credential: cookies and tokens both carry
/// <see cref="ReceptionClaims.Stamp"/>.
/// </summary>
public static class Sessions
{
    /// <summary>How often a cookie is checked against the database (Identity's security stamp validator).</summary>
    public static readonly TimeSpan DefaultCheckEvery = TimeSpan.FromSeconds(5);

    /// <summary>Whether <paramref name="principal"/> was issued under the user's current stamp.</summary>
    public static bool IsCurrent(ClaimsPrincipal? principal, string? currentStamp) =>
        principal?.FindFirst(ReceptionClaims.Stamp)?.Value is { } held
        && string.Equals(held, TokenIssuer.StampHash(currentStamp), StringComparison.Ordinal);
}
