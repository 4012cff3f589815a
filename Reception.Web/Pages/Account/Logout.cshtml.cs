using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;
using Reception.Web.Auth;
using Reception.Web.Live;

namespace Reception.Web.Pages.Account;

public sealed class LogoutModel(IMediator mediator) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await mediator.Send(new Command(User.ClientKey()), HttpContext.RequestAborted);
        return LocalRedirect("/login");
    }

    public sealed record Command(string? UserId) : ICommand<int>;

    /// <summary>
    /// Signs out and closes the user's live connections: a desk left signed in elsewhere stops
    /// receiving the queue at once, not when its cookie expires.
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
