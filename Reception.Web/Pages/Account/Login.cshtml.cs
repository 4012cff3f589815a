using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Reception.Data.Model;
using Reception.Web.Api;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignInPolicy)] // counts POSTs only: the same budget per address as the token endpoint
public sealed class LoginModel(IMediator mediator, Texts texts) : PageModel
{
    [BindProperty]
    public Command Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.UserName))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Command.UserName)}", texts["account.error.userNameMissing"]);
        }

        if (string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Command.Password)}", texts["account.error.passwordMissing"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await mediator.Send(Input, HttpContext.RequestAborted);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(string.Empty, texts[error]);
            return Page();
        }

        if (result.Language is { } language)
        {
            // This computer may hold someone else's pick: the login's own choice wins from now on.
            LanguageModel.Remember(Response, language);
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : result.Home!);
    }

    public sealed class Command : ICommand<Result>
    {
        // Checked by the page in the person's language (a [Required] message would be English).
        public string UserName { get; set; } = "";

        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    /// <summary>Where the login goes, and its saved language; or why it may not sign in (a catalog key).</summary>
    public sealed record Result(string? Home, string? Error, string? Language = null);

    public sealed class Handler(SignInManager<ReceptionUser> signIn, UserManager<ReceptionUser> users)
        : ICommandHandler<Command, Result>
    {
        private const string Wrong = "account.error.wrong";

        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var user = await users.FindByNameAsync(command.UserName.Trim());
            if (user is null)
            {
                return new Result(null, Wrong);
            }

            var outcome = await signIn.CheckPasswordSignInAsync(user, command.Password, lockoutOnFailure: true);
            if (outcome.IsLockedOut)
            {
                return new Result(null, "account.error.locked");
            }

            if (!outcome.Succeeded)
            {
                return new Result(null, Wrong);
            }

            if (!user.IsActive)
            {
                return new Result(null, "account.error.disabled");
            }

            await signIn.SignInAsync(user, isPersistent: false);
            var roles = await users.GetRolesAsync(user);
            return new Result(Home.PathFor(roles.Contains), null, Languages.Language.All.Any(l => l.Tag == user.Language) ? user.Language : null);
        }
    }
}
