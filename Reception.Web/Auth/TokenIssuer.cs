using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reception.Data.Model;

namespace Reception.Web.Auth;

public sealed record IssuedToken(string AccessToken, DateTime ExpiresAt);

/// <summary>Signs access tokens for logins, and tells the JwtBearer handler how to check them.</summary>
public sealed class TokenIssuer
{
    public const string Issuer = "reception";
    public const string Audience = "reception-api";

    private readonly SymmetricSecurityKey _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    public TokenIssuer(IOptions<ReceptionAuthOptions> options, TimeProvider clock, ILogger<TokenIssuer> logger)
    {
        _clock = clock;
        _lifetime = options.Value.TokenLifetime;
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
        }
        else
        {
            _key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
            AuthLog.GeneratedSigningKey(logger);
        }
    }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = ReceptionClaims.Name,
        RoleClaimType = ReceptionClaims.Role,
        // Issuer and validator are our own servers, whose clocks agree far better than the default 5 minutes.
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public IssuedToken Issue(ReceptionUser user, IEnumerable<string> roles)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var expires = now + _lifetime;
        var claims = new List<Claim>
        {
            new(ReceptionClaims.Subject, user.Id),
            new(ReceptionClaims.Name, user.UserName ?? user.Id),
            new(ReceptionClaims.Stamp, StampHash(user.SecurityStamp)),
        };
        claims.AddRange(roles.Select(r => new Claim(ReceptionClaims.Role, r)));
        if (user.BranchId is { } branch)
        {
            claims.Add(new Claim(ReceptionClaims.Branch, branch.ToString()));
        }

        if (user.DeskId is { } desk)
        {
            claims.Add(new Claim(ReceptionClaims.Desk, desk.ToString()));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    // The token is signed, not encrypted: carry a hash, never the stamp itself.
    public static string StampHash(string? stamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? "")))[..16];
}
