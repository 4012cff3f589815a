using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Reception.Web.Pages;

/// <summary>
/// What a person's browser shows for a page that answered an error with nothing to read (an unknown
/// address, Hangfire refusing a login that is not an admin): what happened in plain words and a way
/// back, with the real status code kept. Re-executed by <see cref="StatusPages"/>; /api, /hubs and
/// requests asking for JSON get problem details instead (ApiExtensions.UseReceptionApiErrors).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // re-executed with the failed request's method: a POST to an unknown address is still a 404
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    /// <summary>The address that failed, as the person typed or followed it.</summary>
    public string? Address { get; private set; }

    /// <summary>The heading's catalog key.</summary>
    public string Title => Code switch
    {
        StatusCodes.Status401Unauthorized => "errors.heading.unauthorized",
        StatusCodes.Status403Forbidden => "errors.heading.forbidden",
        StatusCodes.Status404NotFound => "errors.heading.notFound",
        _ => "errors.heading.failed",
    };

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private IActionResult Show(int code)
    {
        var failed = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (failed is null)
        {
            // Opened directly (/status/404): there is nothing to report on.
            return NotFound();
        }

        Code = code;
        Address = failed.OriginalPathBase + failed.OriginalPath;
        return Page();
    }
}
