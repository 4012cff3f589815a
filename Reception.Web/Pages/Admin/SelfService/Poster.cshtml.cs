using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Web.Visitors;

namespace Reception.Web.Pages.Admin.SelfService;

/// <summary>An A4 poster for the wall: a big QR code to /join/{branch}, what it is for, and the address as text.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJoinPosterModel(ReceptionDbContext db) : PageModel
{
    public string BranchName { get; private set; } = "";

    public string Link { get; private set; } = "";

    public string Qr { get; private set; } = "";

    public bool RemoteJoin { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var b = await db.Branches.AsNoTracking().Where(x => x.Slug == slug)
            .Select(x => new { x.Name, x.RemoteJoin }).SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (b is null)
        {
            return NotFound();
        }

        BranchName = b.Name;
        RemoteJoin = b.RemoteJoin;
        Link = Reception.Web.Join.JoinExtensions.LinkTo(Request, slug);
        Qr = VisitorExtensions.Svg(Link);
        return Page();
    }
}
