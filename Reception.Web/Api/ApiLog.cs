namespace Reception.Web.Api;

// Event ids 3101-3199 belong to Reception.Web.Api.
internal static partial class ApiLog
{
    [LoggerMessage(3101, LogLevel.Debug, "Bad request {Method} {Path}: answered {Status}", EventName = "BadRequest")]
    public static partial void BadRequest(ILogger logger, string method, string path, int status);

    [LoggerMessage(3102, LogLevel.Information, "Rate limit reached for {Client} on {Path}; retry after {RetryAfter} s", EventName = "RateLimited")]
    public static partial void RateLimited(ILogger logger, string client, string path, int retryAfter);

    [LoggerMessage(3103, LogLevel.Warning, "Transient database failure on {Method} {Path}: answered 503", EventName = "Transient")]
    public static partial void Transient(ILogger logger, Exception exception, string method, string path);
}
