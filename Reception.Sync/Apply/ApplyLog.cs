using Microsoft.Extensions.Logging;

namespace Reception.Sync.Apply;

// Ids and counts only, never payloads: visitor names stay out of logs.
internal static partial class ApplyLog
{
    [LoggerMessage(1001, LogLevel.Debug, "Applied {Branch} {ClientId}#{MutationId}: {Status}, version {Version}", EventName = "ActionApplied")]
    public static partial void Applied(ILogger logger, string branch, Guid clientId, long mutationId, string status, long? version);

    [LoggerMessage(1002, LogLevel.Debug, "Duplicate {Branch} {ClientId}#{MutationId} answered from the ledger", EventName = "ActionDuplicate")]
    public static partial void Duplicate(ILogger logger, string branch, Guid clientId, long mutationId);

    [LoggerMessage(1003, LogLevel.Warning, "Publishing {Branch} version {Version} failed; desks will catch up by pulling", EventName = "PublishFailed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string branch, long version);
}
