namespace Reception.Web.Auth;

// Event ids 3001-3099 belong to Reception.Web.Auth.
internal static partial class AuthLog
{
    [LoggerMessage(3001, LogLevel.Warning,
        "Reception:Auth:SigningKey is not set: access tokens are signed with a random key that lives only in this process. They stop working at a restart and on other instances; set a key of at least 32 characters for production.",
        EventName = "GeneratedSigningKey")]
    public static partial void GeneratedSigningKey(ILogger logger);

    [LoggerMessage(3002, LogLevel.Information, "Issued an access token to {User}, valid until {ExpiresAt:o}", EventName = "TokenIssued")]
    public static partial void TokenIssued(ILogger logger, string user, DateTime expiresAt);

    [LoggerMessage(3003, LogLevel.Information, "Refused an access token to {User}: {Reason}", EventName = "TokenRefused")]
    public static partial void TokenRefused(ILogger logger, string user, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Refused an API key: {Reason}", EventName = "ApiKeyRefused")]
    public static partial void ApiKeyRefused(ILogger logger, string reason);

    [LoggerMessage(3005, LogLevel.Information, "Refused an access token of user {UserId}: {Reason}", EventName = "TokenRevoked")]
    public static partial void TokenRevoked(ILogger logger, string userId, string reason);
}
