using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;
using Reception.Web.Auth;
using Reception.Web.Live;

namespace Reception.Web.Pages.Account;

/// <remarks>
/// The form's anti-forgery token is checked here rather than by the page filter: a page left open
/// after its session ended elsewhere posts a token made for a user who is no longer signed in, and
/// that person should land on the sign-in page, not on a bare 400.
/// </remarks>
[IgnoreAntiforgeryToken]
public sealed class LogoutModel(IMediator mediator, IAntiforgery antiforgery) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return LocalRedirect("/login");
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return BadRequest();
        }

        await mediator.Send(new Command(User.ClientKey()), HttpContext.RequestAborted);
        return LocalRedirect("/login");
    }

    public sealed record Command(string? UserId) : ICommand<int>;

    /// <summary>
    /// Signs out everywhere: a new security stamp ends every cookie and access token of the login on
    /// every instance (Sessions), and its live connections here close at once (elsewhere within a
    /// sweep). A desk PC left signed in stops receiving the queue, not when its cookie expires.
    /// </summary>
    public sealed class Handler(SignInManager<ReceptionUser> signIn, UserManager<ReceptionUser> users, ConnectionRegistry connections)
        : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            await signIn.SignOutAsync();
            if (command.UserId is null)
            {
                return 0;
            }

            // A new security stamp invalidates copies of the cookie and issued access tokens too.
            if (await users.FindByIdAsync(command.UserId) is { } user)
            {
                await users.UpdateSecurityStampAsync(user);
            }

            return connections.CloseAll(command.UserId);
        }
    }
}
