using System.ComponentModel.DataAnnotations;

namespace Reception.Web.Jobs;

/// <summary>Hangfire's share of the instance (<c>Reception:Jobs</c>): the inbox's retries and the retention job.</summary>
public sealed class JobsOptions
{
    public const string Section = "Reception:Jobs";

    /// <summary>Retries run at once per instance; each holds a database connection while it runs.</summary>
    [Range(1, 64, ErrorMessage = "Reception:Jobs:Workers must be between 1 and 64.")]
    public int Workers { get; set; } = 4;

    /// <summary>How often scheduled retries (and, on PostgreSQL, the queue) are looked for.</summary>
    [Range(0.1, 3600, ErrorMessage = "Reception:Jobs:PollSeconds must be between 0.1 and 3600 (seconds).")]
    public double PollSeconds { get; set; } = 5;

    /// <summary>
    /// When the retention job runs (a cron expression, UTC). Hourly, so each branch's new day, in
    /// whatever time zone, is handled within the hour.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = CronMessage)]
    [RegularExpression(@"^\s*(\S+\s+){4,5}\S+\s*$", ErrorMessage = CronMessage)]
    public string RetentionCron { get; set; } = "17 * * * *";

    private const string CronMessage =
        "Reception:Jobs:RetentionCron must be a cron expression of 5 or 6 fields, such as \"17 * * * *\" (hourly at :17).";

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollSeconds);
}
