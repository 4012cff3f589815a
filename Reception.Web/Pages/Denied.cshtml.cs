using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Reception.Web.Pages;

/// <summary>
/// Where the cookie sends a signed-in user whose role may not open a page: a readable page that
/// answers 403 itself, so the browser and any script see the refusal (not a redirect loop).
/// </summary>
[AllowAnonymous]
public sealed class DeniedModel : PageModel
{
    [BindProperty(Name = "ReturnUrl", SupportsGet = true)]
    public string? Refused { get; set; }

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Refused = Url.IsLocalUrl(Refused) ? Refused : null;
    }
}
