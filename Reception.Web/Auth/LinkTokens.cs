namespace Reception.Web.Auth;

/// <summary>
/// The secrets of links an admin hands to a device (a display's, a kiosk's): random, shown once,
/// kept only as a SHA-256 hash (like API keys); a prefix says which kind a token is.
/// </summary>
public static class LinkTokens
{
    // Tokens are 35 characters; anything far longer is not one and is not hashed.
    private const int MaxLength = 200;

    public static string Generate(string prefix) =>
        prefix + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool LooksValid(string? token, string prefix) =>
        token is { Length: > 0 and <= MaxLength } && token.StartsWith(prefix, StringComparison.Ordinal);
}
