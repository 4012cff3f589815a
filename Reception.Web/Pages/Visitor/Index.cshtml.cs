using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;
using Reception.Web.Visitors;

namespace Reception.Web.Pages.Visitor;

/// <summary>
/// A visitor's status page, /v/{code}: no login, the code is the credential. Rendered whole on the
/// server (a phone without JavaScript still sees its place, and reloads itself); then
/// wwwroot/js/visitor/status.js follows the visit live. A code that opens nothing is the site's
/// ordinary 404 page, whatever was wrong with it.
/// </summary>
[AllowAnonymous]
public sealed class VisitorModel(IMediator mediator) : PageModel
{
    public string Code { get; private set; } = "";

    public VisitorUpdate Update { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code)
    {
        // The address is the credential: keep it out of caches (SecurityHeaders keeps it out of Referer headers).
        Response.Headers.CacheControl = "no-store";
        if (await mediator.Send(new GetVisitorStatus(code), HttpContext.RequestAborted) is not { } view)
        {
            return NotFound();
        }

        Code = code;
        Update = VisitorWords.Update(view.Status);
        return Page();
    }

    public VisitorStatusDto Visit => Update.Visit;

    public bool IsOpen => Visit.Status is "waiting" or "called" or "serving";

    /// <summary>For status.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
    public string Json() => WireJson.Serialize(new { code = Code, update = Update });
}
