using System.Text.Json;
using Microsoft.Playwright;
using Reception.Tests.Browser.Board;
using Reception.Web.Demo;

namespace Reception.Tests.Browser;

/// <summary>
/// A person who tries everything a signed-in browser shows them: opens every page its links reach
/// (same site only), checks each page once (phone width, axe), and clicks every kind of control once,
/// each on a freshly loaded page. Controls of one kind (the same words, command and form, with ids and
/// numbers set aside) count once: "Call" on the third card is the "Call" of the first. Sign out is left
/// to the test. Every answer of 400 or more is a failure, wherever it came from. With a second
/// language, each kind of page is also opened once in it (the pseudo-locale: its catalog check), in the
/// same visit, so one crawl checks both and the pages are not walked twice.
/// </summary>
public sealed class Crawl
{
    private const int MaxPages = 60;
    private const int MaxClicks = 250;

    // Pages whose script says when it is ready (data-ready on its root).
    private const string ReadyRoots = "#desk, #dashboard, #display";

    private readonly Uri _origin;
    private readonly Queue<string> _toVisit = new();
    private readonly HashSet<string> _pageKinds = [];
    private readonly List<string> _failures = [];
    private string _where = "";

    private readonly IBrowserContext _context;
    private readonly SecondLanguage? _alsoIn;

    /// <param name="alsoIn">
    /// Each kind of page once more in this language, after its checks in the person's own: no axe there
    /// (the pseudo-locale's lang tag is not one axe accepts), the phone width and its own check instead.
    /// </param>
    public Crawl(IBrowserContext context, Uri origin, SecondLanguage? alsoIn = null)
    {
        _context = context;
        _origin = origin;
        _alsoIn = alsoIn;
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (_failures) _failures.Add($"{response.Status} for {response.Request.Method} {response.Url} ({_where})");
            }
        };
        context.Page += (_, page) => page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
    }

    public List<string> Pages { get; } = [];

    public List<string> Clicked { get; } = [];

    public IReadOnlyList<string> Failures
    {
        get { lock (_failures) return _failures.ToList(); }
    }

    public async Task VisitAllAsync(IPage page)
    {
        Enqueue(page.Url);
        while (_toVisit.TryDequeue(out var url) && Pages.Count < MaxPages)
        {
            Pages.Add(url);
            await VisitAsync(page, url);
        }
    }

    private async Task VisitAsync(IPage page, string url)
    {
        _where = "opening " + url;
        if (!await OpenAsync(page, url))
        {
            return;
        }

        if (IsNotAPage(url))
        {
            return; // it must answer; its insides are a library's UI or a machine's document
        }

        await CheckPageAsync(page, url);
        foreach (var link in await LinksAsync(page))
        {
            Enqueue(link);
        }

        var clickedHere = new HashSet<string>();
        while (Clicked.Count < MaxClicks)
        {
            if (!await OpenAsync(page, url))
            {
                return;
            }

            var control = (await ControlsAsync(page)).FirstOrDefault(c => !clickedHere.Contains(c.Key) && !Clicked.Contains(c.Key));
            if (control is null)
            {
                return;
            }

            clickedHere.Add(control.Key);
            Clicked.Add(control.Key);
            _where = $"clicking \"{control.Label}\" on {url}";
            try
            {
                await page.Locator(Clickable).Nth(control.Index).ClickAsync(new() { Timeout = 5_000 });
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // Playwright's log says why (hidden, covered by another element, never stable…).
                var why = e.Message.Split('\n').Where(l => l.Contains("intercepts", StringComparison.Ordinal) || l.Contains("not ", StringComparison.Ordinal)).Take(2);
                Fail($"could not click \"{control.Label}\" on {url}: {e.Message.Split('\n')[0]} {string.Join(" ", why)}");
                continue;
            }

            await SettleAsync(page);
            if (!SameOrigin(page.Url))
            {
                Fail($"\"{control.Label}\" on {url} left the site for {page.Url}");
                continue;
            }

            if (page.Url.Contains("/login", StringComparison.Ordinal))
            {
                Fail($"\"{control.Label}\" on {url} signed the person out");
                return;
            }

            Enqueue(page.Url);
        }
    }

    private async Task<bool> OpenAsync(IPage page, string url)
    {
        try
        {
            var response = await page.GotoAsync(url);
            if (response is null || response.Status >= 400)
            {
                return false; // recorded by the response listener
            }

            await SettleAsync(page);
            return true;
        }
        catch (PlaywrightException e)
        {
            Fail($"{url} did not open: {e.Message.Split('\n')[0]}");
            return false;
        }
    }

    /// <summary>Waits for the page's own scripts (data-ready) and for its requests to finish.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForFunctionAsync($$"""
            () => [...document.querySelectorAll('{{ReadyRoots}}')].every(root => root.dataset.ready === 'true')
            """, null, new() { Timeout = 15_000 });
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // a page that keeps polling is still usable; the answers are checked as they come
        }
    }

    /// <summary>
    /// Once per kind of page: nothing wider than a phone, nothing axe calls serious; then, with a second
    /// language, the page reloaded in it: nothing wider than a phone there either, and its own check.
    /// The person's language comes back with the next load (the culture cookie is removed).
    /// </summary>
    private async Task CheckPageAsync(IPage page, string url)
    {
        if (!_pageKinds.Add(Kind(url)))
        {
            return;
        }

        foreach (var violation in await BoardPages.SeriousAccessibilityViolationsAsync(page))
        {
            Fail($"{url}: axe: {violation}");
        }

        await NotWiderThanAPhoneAsync(page, url);
        if (_alsoIn is null)
        {
            return;
        }

        _where = $"opening {url} in {_alsoIn.Tag}";
        await _context.AddCookiesAsync([new Cookie { Name = CultureCookie, Value = Uri.EscapeDataString($"c={_alsoIn.Tag}|uic={_alsoIn.Tag}"), Url = _origin.ToString() }]);
        try
        {
            if (!await OpenAsync(page, url))
            {
                return;
            }

            var expected = _alsoIn.PrintedIn?.Invoke(new Uri(page.Url)) ?? _alsoIn.Tag;
            if (await page.Locator("html").GetAttributeAsync("lang") != expected)
            {
                Fail($"{url} did not open in {expected}");
                return;
            }

            await NotWiderThanAPhoneAsync(page, $"{url} in {_alsoIn.Tag}");
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            try
            {
                await _alsoIn.Check(page);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Fail(e.Message);
            }
        }
        finally
        {
            await _context.ClearCookiesAsync(new() { Name = CultureCookie });
            _where = "checking " + url;
        }
    }

    private const string CultureCookie = ".AspNetCore.Culture";

    private async Task NotWiderThanAPhoneAsync(IPage page, string what)
    {
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(390, 844);
        // Pages redraw for the new size in resize observers and the next frames (the dashboard's chart).
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        var wide = await page.EvaluateAsync<string?>("""
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return null;
              const culprit = [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
                .find(el => ![...el.children].some(c => c.getBoundingClientRect().right > width + 1));
              const name = culprit ? culprit.tagName.toLowerCase() + (culprit.id ? '#' + culprit.id : '') +
                (culprit.className && typeof culprit.className === 'string' ? '.' + culprit.className.trim().split(/\s+/).join('.') : '') : '?';
              return `${document.documentElement.scrollWidth}px wide (${name})`;
            }
            """);
        if (wide is not null)
        {
            Fail($"{what} is wider than a 390 px phone: {wide}");
        }

        await page.SetViewportSizeAsync(size.Width, size.Height);
    }

    private async Task<IReadOnlyList<string>> LinksAsync(IPage page)
    {
        var hrefs = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('a[href]')]
              .filter(a => a.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && !a.hasAttribute('download'))
              .map(a => a.href)
            """);
        var links = new List<string>();
        foreach (var href in hrefs)
        {
            if (!SameOrigin(href) || href.Contains("/logout", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            links.Add(href.Split('#')[0]);
        }

        // Downloads are fetched, not opened: they must answer, and the response listener sees them.
        foreach (var href in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href][download]')].map(a => a.href)"))
        {
            if (SameOrigin(href))
            {
                var response = await page.APIRequest.GetAsync(href);
                if (response.Status >= 400) Fail($"download {href} answered {response.Status}");
            }
        }

        return links;
    }

    private const string Clickable = "button, input[type=submit], input[type=button], summary, [role=button]";

    private static async Task<IReadOnlyList<Control>> ControlsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>($$"""
            () => {
              const plain = s => (s || '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}')
                .replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
              return [...document.querySelectorAll('{{Clickable}}')].map((el, index) => {
                const label = (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\s+/g, ' ').trim();
                // checkVisibility: a closed <details> keeps its content laid out but hidden (content-visibility).
                const shown = el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) && !el.disabled;
                const form = el.form ? el.form.getAttribute('action') || location.pathname : '';
                const key = [el.tagName, plain(el.textContent || el.value), el.dataset.command || el.dataset.action || '',
                  plain(form), el.name || '', plain(el.getAttribute('formaction') || '')].join('|');
                return { index, label, key, shown };
              });
            }
            """);
        return json.EnumerateArray()
            .Select(c => new Control(c.GetProperty("index").GetInt32(), c.GetProperty("label").GetString()!,
                c.GetProperty("key").GetString()!, c.GetProperty("shown").GetBoolean()))
            .Where(c => c.Shown && !c.Label.Equals("Sign out", StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private void Enqueue(string url)
    {
        if (!SameOrigin(url) || url.Contains("/login", StringComparison.Ordinal) || Pages.Contains(url) || _toVisit.Contains(url))
        {
            return;
        }

        // One page of each kind is opened and clicked through.
        var kind = Kind(url);
        if (Pages.Concat(_toVisit).Any(p => Kind(p) == kind))
        {
            return;
        }

        _toVisit.Enqueue(url);
    }

    private bool SameOrigin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == _origin.Scheme && uri.Authority == _origin.Authority;

    /// <summary>
    /// Not one of Reception's pages, though linked from them: the jobs dashboard (Hangfire's UI), the
    /// API reference (Scalar's UI), the OpenAPI document and the health checks (for machines).
    /// </summary>
    private static bool IsNotAPage(string url) =>
        new Uri(url).AbsolutePath is var path && NotPages.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));

    private static readonly string[] NotPages = ["/hangfire", "/api/docs", "/openapi/", "/health/"];

    /// <summary>
    /// A page's kind: its address with any segment holding a digit (ids, slugs, numbers) and query values
    /// set aside. The demo branch's slug is set aside too: its pages are the test branch's with another
    /// slug (the admin reaches both), and whichever is linked first is the one opened and clicked through.
    /// </summary>
    private static string Kind(string url)
    {
        var uri = new Uri(url);
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]));
        var path = string.Join('/', uri.AbsolutePath.Split('/')
            .Select(segment => segment.Any(char.IsDigit) || segment == DemoSeeder.BranchSlug ? "{x}" : segment));
        return (IsNotAPage(url) ? "not-a-page:" : "") + path + "?" + query;
    }

    private void Fail(string failure)
    {
        lock (_failures) _failures.Add(failure);
    }

    private sealed record Control(int Index, string Label, string Key, bool Shown);
}

/// <summary>
/// A language each kind of page is also checked in (its tag, as the culture cookie says it), and the
/// check there (it throws to fail). <paramref name="PrintedIn"/>: the language of a page that is not
/// in its reader's language (the join poster is printed in its branch's), null for the others.
/// </summary>
public sealed record SecondLanguage(string Tag, Func<IPage, Task> Check, Func<Uri, string?>? PrintedIn = null);
