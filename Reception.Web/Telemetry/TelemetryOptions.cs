using System.ComponentModel.DataAnnotations;

namespace Reception.Web.Telemetry;

/// <summary>Metrics and traces (<c>Reception:Telemetry</c>); the exporter's own settings are OpenTelemetry's <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Reception:Telemetry";

    /// <summary>The standard variable that turns on the OTLP exporter (traces and metrics).</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Record traces. Absent: on exactly when <see cref="OtlpEndpointKey"/> is set, so an instance with
    /// nowhere to send spans never makes them.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>
    /// Serve <c>/metrics</c> on this port only, to anyone who reaches it (keep the port inside the
    /// private network); the port answers nothing else. Absent: <c>/metrics</c> on the site's own
    /// port, for admins only.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Reception:Telemetry:MetricsPort must be a TCP port (1 to 65535).")]
    public int? MetricsPort { get; set; }

    /// <summary>How often the inbox gauges are read from the database (only while something reads the gauges).</summary>
    [Range(1, 3600, ErrorMessage = "Reception:Telemetry:InboxSampleSeconds must be between 1 and 3600 (seconds).")]
    public double InboxSampleSeconds { get; set; } = 15;

    public TimeSpan InboxSampleInterval => TimeSpan.FromSeconds(InboxSampleSeconds);
}
