using System.ComponentModel.DataAnnotations;

namespace Reception.Web.Auth;

/// <summary>Bearer tokens for REST clients and the hub (<c>Reception:Auth</c>).</summary>
public sealed class ReceptionAuthOptions
{
    public const string Section = "Reception:Auth";

    /// <summary>
    /// The HMAC key that signs access tokens: at least 32 characters, from configuration or the
    /// environment, never from the repository. Absent: a random key per process, so tokens die
    /// with a restart and only work on the instance that issued them.
    /// </summary>
    [MinLength(32, ErrorMessage = "Reception:Auth:SigningKey must be at least 32 characters long.")]
    public string? SigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00",
        ErrorMessage = "Reception:Auth:TokenLifetime must be between 1 minute and 7 days.")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often a sign-in cookie is checked against its login (disabled, new password, signed out,
    /// moved): a session that ends is refused by every instance within this time. Access tokens are
    /// checked on every request; live connections every Reception:Live:SweepSeconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00",
        ErrorMessage = "Reception:Auth:SessionCheck must be between 0 and 5 minutes.")]
    public TimeSpan SessionCheck { get; set; } = Sessions.DefaultCheckEvery;
}
