using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Sync.Wire;
using Reception.Web.Kiosk;

namespace Reception.Web.Pages.Kiosk;

/// <summary>
/// The self check-in kiosk of a branch: no login, a kiosk token in the link. A wrong or revoked
/// token, or another branch's, gets a plain sentence and 403. wwwroot/js/kiosk/kiosk.js then
/// registers visitors through the pipeline and notices at once when the kiosk is switched off.
/// </summary>
[AllowAnonymous]
public sealed class KioskModel(IMediator mediator) : PageModel
{
    /// <summary>The kiosk link's printing setting (print=auto): every ticket is printed by itself.</summary>
    public const string PrintsItself = "auto";

    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty(Name = "print", SupportsGet = true)]
    public string? Print { get; set; }

    public KioskAccess? Access { get; private set; }

    public IReadOnlyList<KioskService> Services { get; private set; } = [];

    public async Task OnGetAsync(string branch)
    {
        // The link is the credential: keep it out of caches (SecurityHeaders keeps it out of Referer headers).
        Response.Headers.CacheControl = "no-store";
        Access = await mediator.Send(new CheckKioskToken(Token), HttpContext.RequestAborted);
        if (Access is null || Access.Branch != branch)
        {
            Access = null;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        Services = await mediator.Send(new GetKioskServices(Access.BranchId), HttpContext.RequestAborted);
    }

    /// <summary>For kiosk.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
    public string Json() => WireJson.Serialize(new
    {
        branch = Access!.Branch, kiosk = Access.TokenId, token = Token, timeZone = Access.TimeZoneId,
        autoPrint = Print == PrintsItself, services = Services,
    });
}
