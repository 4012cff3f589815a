using System.Globalization;
using Microsoft.Playwright;

namespace Reception.Bench.Suite.Desk;

/// <summary>
/// A receptionist's actions, one after another, each a click on the real /desk page timed by
/// <see cref="ClickTimer"/>. Nine actions per turn keep the queue at its size (three visitors in,
/// three out): register, call, start, complete (the called one), register, edit (the first waiting
/// one's phone), no-show (the same one), register, cancel (the first waiting one).
/// </summary>
/// <remarks>
/// Each expectation names what the person looks for, by the page's buttons and fields rather than
/// its layout: a called visitor has Start, one being served has Complete, a finished one has no
/// Complete (or No-show, or Cancel) any more, a registered one's name and an edited phone show.
/// What is filled in before the timed click (the name, the edit form) is not timed.
/// </remarks>
internal sealed class DeskCycle(IPage page, string names)
{
    public const int Turn = 9;

    private int _step;
    private int _visitors;
    private string _called = "";

    /// <summary>Does the next action; answers its type and its click → rendered delay.</summary>
    public async Task<Click> StepAsync()
    {
        var step = _step++ % Turn;
        switch (step)
        {
            case 0 or 4 or 7:
                var name = $"{names} {++_visitors:000}";
                await page.Locator("#register-form input[name='name']").FillAsync(name);
                return new("register", await TimeAsync("#register-form button[type='submit']", new(".name", name, true)));
            case 1:
                _called = await FirstWaitingAsync();
                return new("call", await TimeAsync(Button(_called, "call"), new(Button(_called, "startService"), null, true)));
            case 2:
                return new("startService", await TimeAsync(Button(_called, "startService"), new(Button(_called, "complete"), null, true)));
            case 3:
                return new("complete", await TimeAsync(Button(_called, "complete"), new(Button(_called, "complete"), null, false)));
            case 5:
                var edited = await FirstWaitingAsync();
                var phone = string.Create(CultureInfo.InvariantCulture, $"+44 20 7946 {_step:0000}");
                await page.Locator($"{Card(edited)} button[data-command='edit']").First.ClickAsync();
                var form = page.Locator($"form.visit-edit[data-visit-id='{edited}']");
                await form.Locator("input[name='phone']").FillAsync(phone);
                return new("updateDetails", await TimeAsync($"form.visit-edit[data-visit-id='{edited}'] button[type='submit']",
                    new($"{Card(edited)} .phone", phone, true)));
            case 6:
                var absent = await FirstWaitingAsync();
                return new("noShow", await TimeAsync(Button(absent, "noShow"), new(Button(absent, "noShow"), null, false)));
            default:
                var leaving = await FirstWaitingAsync();
                return new("cancel", await TimeAsync(Button(leaving, "cancel"), new(Button(leaving, "cancel"), null, false)));
        }
    }

    /// <summary>The baseline: a click on a visitor's name, which only toggles a class on its card.</summary>
    public async Task<Click> ToggleAsync(string visitId, bool marked) =>
        new("toggle", await TimeAsync($"{Card(visitId)} .name", new($"{Card(visitId)}.bench-mark", null, !marked)));

    /// <summary>The visits on the page, in the order shown.</summary>
    public Task<string[]> VisitIdsAsync() =>
        page.EvaluateAsync<string[]>("() => [...new Set([...document.querySelectorAll('#desk [data-visit-id]')].map(n => n.dataset.visitId))]");

    private async Task<ClickTimer.Delay> TimeAsync(string click, Expectation expect)
    {
        await page.EvaluateAsync(ClickTimer.Arm, new { selector = expect.Selector, text = expect.Text, present = expect.Present });
        await page.Locator(click).First.ClickAsync();
        return await page.EvaluateAsync<ClickTimer.Delay>(ClickTimer.Result);
    }

    private async Task<string> FirstWaitingAsync() =>
        await page.EvaluateAsync<string?>(
            "() => document.querySelector('#desk [data-visit-id] button[data-action=\"call\"]')?.closest('[data-visit-id]').dataset.visitId")
        ?? throw new BenchFailure("The desk shows no waiting visitor to act on.");

    private static string Card(string visitId) => $"#desk [data-visit-id='{visitId}']";

    private static string Button(string visitId, string action) => $"{Card(visitId)} button[data-action='{action}']";

    /// <summary>What <see cref="ClickTimer"/> waits for (its <c>expect</c>).</summary>
    private sealed record Expectation(string Selector, string? Text, bool Present);
}
