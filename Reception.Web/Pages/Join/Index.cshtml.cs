using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Reception.Sync.Apply;
using Reception.Sync.Dashboard;
using Reception.Sync.Visitors;
using Reception.Web.Api;
using Reception.Web.Join;
using Reception.Web.Languages;
using System.Globalization;

namespace Reception.Web.Pages.Join;

/// <summary>
/// /join/{branch}: a visitor joins the queue from their own phone. No login; a plain form that works
/// without JavaScript. Each form carries a fresh submission key, so sending it twice is one ticket
/// (see <see cref="JoinQueue"/>); a joined visitor lands on their status page. The form's antiforgery
/// token keeps the page out of caches (no-cache, no-store).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.JoinPolicy)] // counts POSTs only, per address
public sealed class JoinModel(IMediator mediator, JoinAddresses addresses, TimeProvider clock) : PageModel
{
    public JoinForm Form { get; private set; } = null!;

    [BindProperty]
    public Guid Key { get; set; }

    [BindProperty]
    public Guid? ServiceId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    /// <summary>Why the visitor cannot join now (too many open tickets, or a refusal not about one field): a catalog key.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The device's own open ticket, when that is why it may not join again.</summary>
    public string? MineCode { get; private set; }

    public bool TooMany { get; private set; }

    public async Task<IActionResult> OnGetAsync(string branch)
    {
        JoinExtensions.Device(HttpContext);
        if (await mediator.Send(new GetJoinForm(branch), HttpContext.RequestAborted) is not { } form)
        {
            return NotFound();
        }

        Form = form;
        Key = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string branch)
    {
        var reply = await mediator.Send(new JoinQueue(branch, Key, ServiceId, Name, Phone, JoinExtensions.Device(HttpContext),
            addresses.Of(HttpContext)), HttpContext.RequestAborted);
        if (reply is { Outcome: JoinOutcome.Joined, Code: { } code })
        {
            return RedirectToPage("/Visitor/Index", new { code });
        }

        if (await mediator.Send(new GetJoinForm(branch), HttpContext.RequestAborted) is not { } form)
        {
            return NotFound();
        }

        Form = form;
        switch (reply.Outcome)
        {
            case JoinOutcome.TooMany:
                TooMany = true;
                MineCode = reply.Code;
                Refusal = ReasonKey(reply.Reason);
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            case JoinOutcome.Invalid when reply.Field is { } field:
                // The error is kept as its catalog key; the page writes it in the visitor's language.
                ModelState.AddModelError(field, ReasonKey(reply.Reason));
                break;
            case JoinOutcome.Pending:
                // The same key again: the resubmit is the same submission.
                Refusal = ReasonKey(reply.Reason);
                return Page();
            default:
                Refusal = ReasonKey(reply.Reason);
                break;
        }

        // A corrected form is a new submission.
        ModelState.Remove(nameof(Key));
        Key = Guid.NewGuid();
        return Page();
    }

    /// <summary>"Joining opens today at 08:00", "… tomorrow at 08:00" or "… on Monday at 08:00", on the branch's clock.</summary>
    public Message OpensText(DateTime opensAt)
    {
        var zone = BranchZone.Of(Form.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone));
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(opensAt, zone));
        var time = BranchZone.Clock(opensAt, Form.TimeZone);
        return day == today ? Message.Of("join.opens.today", ("time", time))
            : day == today.AddDays(1) ? Message.Of("join.opens.tomorrow", ("time", time))
            : Message.Of("join.opens.day", ("time", time),
                ("day", CultureInfo.GetCultureInfo(Texts.Current.Plural).DateTimeFormat.GetDayName(day.DayOfWeek)));
    }

    private static string ReasonKey(string? reason) => "join.error." + (reason ?? JoinReasons.Refused);

    /// <summary>The field's error as a catalog message ("max": how long the field may be).</summary>
    public Message? ErrorOf(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors is [var first, ..]
            ? Message.Of(first.ErrorMessage, ("max", field == nameof(Phone) ? ActionParser.MaxPhone : ActionParser.MaxName))
            : null;
}
