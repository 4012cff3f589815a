using System.ComponentModel.DataAnnotations;
using Reception.Sync.Apply;

namespace Reception.Sync;

/// <summary>Settings of the apply pipeline (<c>Reception:Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "Reception:Sync";

    /// <summary>
    /// How long a "call next" may wait (offline on the desk, then on the server) and still call
    /// someone; older ones are answered rejected (see <see cref="CallNextDeadline"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CallNextMaxDelay { get; set; } = CallNextDeadline.DefaultLimit;
}
