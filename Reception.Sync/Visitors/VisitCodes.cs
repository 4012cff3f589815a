using System.Buffers.Text;
using System.Security.Cryptography;

namespace Reception.Sync.Visitors;

/// <summary>
/// A visitor's status-page code: 144 random bits from the operating system's CSPRNG, written as
/// 24 characters of base64url. It is a capability: whoever holds it sees that one visit's place in
/// line, and may leave the queue or ask for more time. Nothing else.
/// </summary>
public static class VisitCodes
{
    public const int Length = 24;
    private const int Bytes = 18;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>Has the shape of a code (checks characters, not whether it exists).</summary>
    public static bool LooksValid(string? code) =>
        code is { Length: Length } && code.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    /// <summary>
    /// Stands in for a malformed code, so a lookup of one costs the same database round trip as a
    /// lookup of a well-formed code that does not exist. Never issued: <see cref="New"/> makes 24
    /// characters of base64url from random bytes, and this one is not base64url.
    /// </summary>
    public const string Nowhere = "~~~~~~~~~~~~~~~~~~~~~~~~";
}
