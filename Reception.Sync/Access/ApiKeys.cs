using System.Security.Cryptography;
using System.Text;

namespace Reception.Sync.Access;

/// <summary>API keys for legacy clients: shown once, kept only as a SHA-256 hash.</summary>
public static class ApiKeys
{
    public const string Prefix = "rk_";

    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // Keys are long random strings, so a fast hash is enough; a password hash would only slow every request.
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
