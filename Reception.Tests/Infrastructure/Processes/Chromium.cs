namespace Reception.Testing.Processes;

/// <summary>
/// Where Debian's Chromium is, for the browser tests and the benchmark's desk scenario alike. Missing
/// Chromium fails them; it never skips them.
/// </summary>
public static class Chromium
{
    public const string Variable = "RECEPTION_TEST_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The flags Debian's Chromium needs here: no sandbox (root in a container), no GPU, nothing fetched on its own.</summary>
    public static readonly IReadOnlyList<string> Args =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"];

    public static string Locate(string? configured)
    {
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"Chromium is not at {path}, so the browser tests cannot run. Run the suite with `bash scripts/test.sh`, which installs Debian's Chromium (apt-get install chromium) and sets {Variable}.");
    }
}
