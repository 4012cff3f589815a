using System.Security.Cryptography;
using System.Text.Json;
using Reception.Tests.Infrastructure;
using Reception.Testing.Processes;
using Reception.Web.Infrastructure;

namespace Reception.Tests.Browser;

/// <summary>What the browser tests and the service worker rely on, checked without a browser.</summary>
public sealed class BrowserSetupTests
{
    [Fact]
    public void AMissingChromiumFailsTheBrowserTestsAndSaysWhichCommandInstallsIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-chromium-{Guid.NewGuid():N}");

        var error = Assert.Throws<InvalidOperationException>(() => Chromium.Locate(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("bash scripts/test.sh", error.Message);
    }

    [Fact]
    public void EveryPrecachedFileMatchesItsRevisionAndEveryDeskModuleIsPrecached()
    {
        var root = WebRoot.Locate()!;
        var manifest = File.ReadAllText(Path.Combine(root, "sw-manifest.js"));
        var json = manifest[manifest.IndexOf('[', StringComparison.Ordinal)..(manifest.LastIndexOf(']') + 1)];
        var entries = JsonSerializer.Deserialize<List<Entry>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        const string fix = "The service worker's precache manifest is stale: run `bash scripts/vendor.sh --manifest` and commit wwwroot/sw-manifest.js.";

        foreach (var entry in entries)
        {
            var file = Path.Combine(root, entry.Url.TrimStart('/'));
            Assert.True(File.Exists(file), $"{entry.Url} is precached but does not exist. {fix}");
            var revision = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)));
            Assert.True(revision == entry.Revision, $"{entry.Url} changed since the manifest was made. {fix}");
        }

        var listed = entries.Select(e => e.Url).ToHashSet();
        // The desk's and the kiosk's own modules and libraries (other pages keep theirs in subfolders, not precached).
        var expected = Directory.EnumerateFiles(Path.Combine(root, "js"), "*.js")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "js", "kiosk"), "*.js"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "lib", "signalr"), "*.js"))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "lib", "idb"), "*.js"))
            .Append(Path.Combine(root, "css", "desk.css"))
            .Append(Path.Combine(root, "css", "kiosk.css"))
            .Select(f => "/" + Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'));
        Assert.All(expected, url => Assert.True(listed.Contains(url), $"{url} is not precached. {fix}"));
    }

    private sealed record Entry(string Url, string Revision);
}
