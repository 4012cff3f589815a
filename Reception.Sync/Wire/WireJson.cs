using System.Security.Cryptography;
using System.Text.Json;

namespace Reception.Sync.Wire;

public static class WireJson
{
    /// <summary>camelCase, as every wire name.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("The stored JSON is null.");

    /// <summary>
    /// A hash of what an action asks for (not of who sent it or its id): a replayed id whose
    /// payload differs from the first is a different action, not a duplicate.
    /// </summary>
    public static string PayloadHash(SyncAction action)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { action.Type, action.VisitId, action.Base, action.Args }, Options);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
