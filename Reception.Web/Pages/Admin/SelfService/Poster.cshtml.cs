using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Web.Languages;
using Reception.Web.Visitors;

namespace Reception.Web.Pages.Admin.SelfService;

/// <summary>
/// An A4 poster for the wall: a big QR code to /join/{branch}, what it is for, and the address as text.
/// It is for the branch's visitors, so it is printed in the branch's language (English when unset),
/// whatever the admin's; only the hints above it, which are not printed, are in the admin's.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJoinPosterModel(ReceptionDbContext db) : PageModel
{
    public string BranchName { get; private set; } = "";

    public string Link { get; private set; } = "";

    public string Qr { get; private set; } = "";

    public bool RemoteJoin { get; private set; }

    /// <summary>The branch's language: the poster's.</summary>
    public Language Language { get; private set; } = Language.Of(null);

    /// <summary>A text of the poster, in the branch's language.</summary>
    public string Say(string key, params (string Name, object Value)[] args) => Texts.Get(Language.Tag, key, Message.Of(key, args).Args);

    public async Task<IActionResult> OnGetAsync(string slug)
    {
        var b = await db.Branches.AsNoTracking().Where(x => x.Slug == slug)
            .Select(x => new { x.Name, x.RemoteJoin, x.Language }).SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (b is null)
        {
            return NotFound();
        }

        BranchName = b.Name;
        RemoteJoin = b.RemoteJoin;
        Language = Language.Of(b.Language);
        Link = Reception.Web.Join.JoinExtensions.LinkTo(Request, slug);
        Qr = VisitorExtensions.Svg(Link);
        return Page();
    }
}
