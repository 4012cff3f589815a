using System.ComponentModel.DataAnnotations;

namespace Reception.Web.Live;

/// <summary>Live connections (<c>Reception:Live</c>).</summary>
public sealed class LiveOptions
{
    public const string Section = "Reception:Live";

    /// <summary>
    /// How often each instance closes the live connections (desks, screens) whose session is over: an
    /// ended session keeps its connection at most this long. Above a minute, "signed out everywhere" is a lie.
    /// </summary>
    [Range(0.01, 60, ErrorMessage = "Reception:Live:SweepSeconds must be between 0.01 and 60 (seconds).")]
    public double SweepSeconds { get; set; } = 5;

    public TimeSpan SweepInterval => TimeSpan.FromSeconds(SweepSeconds);
}
