using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>Which texts each language lacks against English (<see cref="MissingTexts"/>): what a translator has left to do.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminLanguagesModel : PageModel
{
    public IReadOnlyList<(Language Language, IReadOnlyList<string> Missing)> Languages { get; private set; } = [];

    public void OnGet() =>
        Languages = [.. Language.All.Where(l => l.Tag != Language.English).Select(l => (l, MissingTexts.Of(l)))];
}
