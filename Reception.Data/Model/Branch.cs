namespace Reception.Data.Model;

/// <summary>A site. Its row doubles as the change-feed counter: every write to the branch locks it.</summary>
public sealed class Branch
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string TimeZoneId { get; set; } = "UTC";
    public bool IsActive { get; set; } = true;

    /// <summary>
    /// The branch's own language (a tag Reception speaks: "en", "de", "es", "ar"): its public display
    /// speaks it, and its pages fall back to it when the visitor's browser asks for none Reception has.
    /// </summary>
    public string Language { get; set; } = DefaultLanguage;

    public const string DefaultLanguage = "en";
    public DateTime CreatedAt { get; set; }

    /// <summary>The newest change-feed version; gap-free because it only moves under the branch lock.</summary>
    public long FeedVersion { get; set; }

    /// <summary>Versions at or below this one have been pruned from the feed: a pull from there gets a snapshot.</summary>
    public long FeedFloor { get; set; }

    /// <summary>
    /// How many places a waiting visitor moves back when they ask, once, for a few more minutes
    /// on their status page; 0 turns the choice off.
    /// </summary>
    public int PostponePlaces { get; set; } = DefaultPostponePlaces;

    public const int DefaultPostponePlaces = 3;

    /// <summary>Visitors may join the queue from their own phone at /join/{slug} (off until an admin turns it on).</summary>
    public bool RemoteJoin { get; set; }

    /// <summary>Remote joining only while the branch is open by <see cref="OpeningHours"/>.</summary>
    public bool JoinDuringHoursOnly { get; set; }

    /// <summary>A visitor joining remotely must give a phone number.</summary>
    public bool JoinPhoneRequired { get; set; }

    /// <summary>
    /// The weekly opening hours on the branch's clock, Monday first: seven entries separated by
    /// ";", each "HH:MM-HH:MM" or empty for a closed day (parsed by Reception.Sync's WeeklyHours).
    /// </summary>
    public string? OpeningHours { get; set; }

    /// <summary>
    /// Days a visit's personal details (name, phone, notes) are kept, counting back from the branch's
    /// today; older ones are removed everywhere by the retention job, and only the figures stay.
    /// </summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;

    public const int DefaultRetentionDays = 90;

    /// <summary>
    /// The retention job's mark: stored results and inbox rows from before this instant no longer
    /// hold personal details (null: it has not run yet).
    /// </summary>
    public DateTime? RedactedUntil { get; set; }

    public List<Service> Services { get; set; } = [];
    public List<Desk> Desks { get; set; } = [];
}
