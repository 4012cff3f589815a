using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Reception.Data.Model;
using Reception.Web.Api;

namespace Reception.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignInPolicy)] // counts POSTs only: the same budget per address as the token endpoint
public sealed class LoginModel(IMediator mediator) : PageModel
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
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await mediator.Send(Input, HttpContext.RequestAborted);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(string.Empty, error);
            return Page();
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : result.Home!);
    }

    public sealed class Command : ICommand<Result>
    {
        [Required(ErrorMessage = "Type your user name.")]
        [Display(Name = "User name")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Type your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public sealed record Result(string? Home, string? Error);

    public sealed class Handler(SignInManager<ReceptionUser> signIn, UserManager<ReceptionUser> users)
        : ICommandHandler<Command, Result>
    {
        private const string Wrong = "The user name or password is wrong. Check them and try again.";

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
                return new Result(null, "Too many wrong passwords: this login is locked for a few minutes. Try again later or ask an administrator.");
            }

            if (!outcome.Succeeded)
            {
                return new Result(null, Wrong);
            }

            if (!user.IsActive)
            {
                return new Result(null, "This login has been disabled. Ask an administrator.");
            }

            await signIn.SignInAsync(user, isPersistent: false);
            var roles = await users.GetRolesAsync(user);
            return new Result(Home.PathFor(roles.Contains), null);
        }
    }
}
