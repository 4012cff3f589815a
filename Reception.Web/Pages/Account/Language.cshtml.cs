using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;
using Reception.Web.Auth;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Account;

/// <summary>
/// The header's language picker (_Layout, wwwroot/js/header.js) saves the signed-in login's choice
/// here: on the user (so it is used on any computer they sign in on: UserLanguageProvider reads it
/// from the sign-in cookie, which is issued again with it) and in this browser's culture cookie.
/// The script posts it in the background and answers 204; without a script the form posts and comes back.
/// </summary>
[Authorize]
public sealed class LanguageModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public string? Language { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (Languages.Language.All.FirstOrDefault(l => l.Tag == Language) is not { } language)
        {
            return BadRequest();
        }

        if (!await mediator.Send(new Command(User.ClientKey(), language.Tag), HttpContext.RequestAborted))
        {
            return BadRequest();
        }

        Remember(Response, language.Tag);
        return Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
            ? LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/")
            : new NoContentResult();
    }

    /// <summary>This browser's culture cookie (the first the request's language is read from), as wwwroot/js/i18n.js writes it.</summary>
    public static void Remember(HttpResponse response, string tag) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(tag, tag)),
            new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, IsEssential = true });

    public sealed record Command(string? UserId, string Language) : ICommand<bool>;

    public sealed class Handler(UserManager<ReceptionUser> users, SignInManager<ReceptionUser> signIn) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command command, CancellationToken cancellationToken)
        {
            if (command.UserId is null || await users.FindByIdAsync(command.UserId) is not { } user)
            {
                return false;
            }

            user.Language = command.Language;
            var saved = await users.UpdateAsync(user);
            if (saved.Succeeded)
            {
                // The sign-in cookie carries the language: issue it again with the new one.
                await signIn.RefreshSignInAsync(user);
            }

            return saved.Succeeded;
        }
    }
}
