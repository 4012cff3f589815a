using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// Sets a new password for a login and lifts its lockout. Its old sessions and tokens stop working
/// (new security stamp).
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminPasswordModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public Command Input { get; set; } = new();

    public string? UserName { get; private set; }

    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        UserName = await mediator.Send(new Query(Id), HttpContext.RequestAborted);
        return UserName is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return await OnGetAsync();
        }

        Input.Id = Id;
        Input.By = User.Identity?.Name ?? "";
        var reset = await mediator.Send(Input, HttpContext.RequestAborted);
        if (reset.UserName is null)
        {
            return NotFound();
        }

        UserName = reset.UserName;
        foreach (var problem in reset.Problems)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Command.NewPassword)}", problem);
        }

        Done = ModelState.IsValid;
        return Page();
    }

    public sealed record Query(string Id) : IQuery<string?>;

    public sealed class QueryHandler(UserManager<ReceptionUser> users) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query query, CancellationToken cancellationToken) =>
            (await users.FindByIdAsync(query.Id))?.UserName;
    }

    /// <summary>The login's name (null when it does not exist) and why the password was refused, if it was.</summary>
    public sealed record Reset(string? UserName, IReadOnlyList<string> Problems);

    public sealed class Command : ICommand<Reset>
    {
        [Required(ErrorMessage = "admin.password.missing")]
        [DataType(DataType.Password)]
        [Display(Name = "admin.password.new")]
        public string NewPassword { get; set; } = "";

        [BindNever]
        public string Id { get; set; } = "";

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(UserManager<ReceptionUser> users, ILogger<AdminPasswordModel> logger)
        : ICommandHandler<Command, Reset>
    {
        public async ValueTask<Reset> Handle(Command command, CancellationToken cancellationToken)
        {
            if (await users.FindByIdAsync(command.Id) is not { } user)
            {
                return new Reset(null, []);
            }

            // Checked before anything changes, so a refused password leaves the old one in place.
            var problems = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, command.NewPassword);
                problems.AddRange(result.Errors.Select(e => e.Description));
            }

            if (problems.Count > 0)
            {
                return new Reset(user.UserName, problems);
            }

            user.PasswordHash = users.PasswordHasher.HashPassword(user, command.NewPassword);
            // A reset is how an administrator lets a locked-out person back in: the lockout and
            // the wrong tries counted towards it go with the old password.
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            await users.UpdateSecurityStampAsync(user); // saves the user too
            AdminLog.Changed(logger, command.By, $"reset the password of {user.UserName}");
            return new Reset(user.UserName, []);
        }
    }
}
