using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Visitors;

namespace Reception.Web.Languages;

/// <summary>
/// The last say on a request's language: the default language of the branch the page belongs to
/// (set by an admin on the branch's page), when neither the picker's cookie, the user nor the browser
/// named one Reception speaks. The branch is the one in the address: /display/{branch},
/// /kiosk/{branch}, /join/{branch}, /waits/{branch}, the visit's branch on /v/{code}, and
/// ?branch= on the dashboard's pages. Other pages (and a branch that is not found) stay English.
/// </summary>
public sealed class BranchLanguageProvider : RequestCultureProvider
{
    private static readonly string[] BranchInPath = ["display", "kiosk", "join", "waits"];

    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var segments = (httpContext.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }

        var db = httpContext.RequestServices.GetRequiredService<ReceptionDbContext>();
        var abort = httpContext.RequestAborted;
        string? tag = null;
        if (segments.Length == 2 && BranchInPath.Contains(segments[0]))
        {
            var slug = segments[1];
            tag = await db.Branches.AsNoTracking().Where(b => b.Slug == slug).Select(b => b.Language).SingleOrDefaultAsync(abort);
        }
        else if (segments.Length == 2 && segments[0] == "v" && VisitCodes.LooksValid(segments[1]))
        {
            var code = segments[1];
            tag = await db.Visits.AsNoTracking().Where(v => v.Code == code)
                .Join(db.Branches, v => v.BranchId, b => b.Id, (_, b) => b.Language).SingleOrDefaultAsync(abort);
        }
        else if (segments[0] == "dashboard" && httpContext.Request.Query["branch"].ToString() is { Length: > 0 } slug)
        {
            tag = await db.Branches.AsNoTracking().Where(b => b.Slug == slug).Select(b => b.Language).SingleOrDefaultAsync(abort);
        }

        return tag is null ? null : new ProviderCultureResult(Language.Of(tag).Tag);
    }
}
