using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Reception.Tests.Browser;

/// <summary>
/// What the pages of a browser context complain about: Content-Security-Policy violations,
/// console errors and uncaught errors, each with the address of the page it came from.
/// </summary>
public sealed class PageProblems
{
    private readonly ConcurrentQueue<string> _problems = new();

    public IReadOnlyList<string> All => _problems.ToArray();

    /// <summary>Fails with every problem, one a line, except those <paramref name="expected"/> accepts.</summary>
    public void AssertNone(Func<string, bool>? expected = null)
    {
        var problems = _problems.Where(p => expected?.Invoke(p) != true).ToList();
        Assert.True(problems.Count == 0, "The pages reported problems:\n" + string.Join("\n", problems));
    }

    /// <summary>Watches every page the context opens from now on.</summary>
    public static async Task<PageProblems> WatchAsync(IBrowserContext context)
    {
        var watch = new PageProblems();
        // An init script runs before the page's own scripts and is not subject to its policy.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e => console.error(
              `securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'an inline item'} (${e.sourceFile}:${e.lineNumber})`));
            """);
        context.Page += (_, page) => watch.Attach(page);
        return watch;
    }

    private void Attach(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"{page.Url}: console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"{page.Url}: uncaught: {error}");
    }
}
