using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Reception.Sync.Visitors;
using Reception.Web.Auth;

namespace Reception.Web.Join;

/// <summary>Remote joining (/join/{branch}): its caps, and who a submission comes from.</summary>
public static class JoinExtensions
{
    /// <summary>The device's id: random, long-lived, only for counting its open tickets.</summary>
    public const string DeviceCookie = "reception-device";

    public static WebApplicationBuilder AddReceptionJoin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JoinOptions>()
            .Bind(builder.Configuration.GetSection(JoinOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<JoinAddresses>();
        return builder;
    }

    /// <summary>The join page's absolute address, as a phone scanning the poster's or the screen's QR code opens it.</summary>
    public static string LinkTo(HttpRequest request, string branch) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/join/{Uri.EscapeDataString(branch)}";

    /// <summary>The device cookie's id; a device without one (first visit, cookies cleared) gets one now.</summary>
    public static string Device(HttpContext context)
    {
        if (context.Request.Cookies[DeviceCookie] is { Length: VisitCodes.Length } known && VisitCodes.LooksValid(known))
        {
            return known;
        }

        var id = VisitCodes.New();
        context.Response.Cookies.Append(DeviceCookie, id, new CookieOptions
        {
            HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, IsEssential = true,
            MaxAge = TimeSpan.FromDays(400), Path = "/join",
        });
        return id;
    }
}

/// <summary>
/// The network address a submission came from, as a keyed hash: enough to count its open tickets,
/// and, unlike a plain hash (the IPv4 space is small enough to try whole), not to read it back from
/// the database without the key. The key comes from the signing key every instance shares; without
/// one (the embedded default) it is random per process, so the per-address count starts afresh at a
/// restart.
/// </summary>
public sealed class JoinAddresses(IOptions<ReceptionAuthOptions> options)
{
    private readonly byte[] _key = options.Value.SigningKey is { Length: > 0 } shared
        ? SHA256.HashData(Encoding.UTF8.GetBytes("reception-join-address:" + shared))
        : RandomNumberGenerator.GetBytes(32);

    public string Of(HttpContext context) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, context.Connection.RemoteIpAddress?.GetAddressBytes() ?? []))[..32];
}
