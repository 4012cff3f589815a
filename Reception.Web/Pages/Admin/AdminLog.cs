namespace Reception.Web.Pages.Admin;

// Event ids 6101-6199 belong to the admin pages. Names of things, never passwords or keys.
internal static partial class AdminLog
{
    [LoggerMessage(6101, LogLevel.Information, "Admin {Admin} {What}", EventName = "AdminChange")]
    public static partial void Changed(ILogger logger, string admin, string what);
}
