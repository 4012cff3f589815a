using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// Adds a login or changes one: role, branch, desk; disables or re-enables it. A disabled login
/// (or one whose access changed) gets a new security stamp: its tokens stop working and its live
/// connections are closed within seconds (ConnectionSweeper). Logins are never deleted: the change
/// feed names who did what.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminUserModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public Options Form { get; private set; } = new([], [], null, true);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await mediator.Send(new Query(Id), HttpContext.RequestAborted) is not { } found)
        {
            return NotFound();
        }

        (Form, Input) = found;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Id = Id;
        Input.By = User.Identity?.Name ?? "";
        // The form's own checks and the handler's together: every problem in one answer.
        Input.CheckOnly = !ModelState.IsValid;
        var errors = await mediator.Send(Input, HttpContext.RequestAborted);
        foreach (var (field, message) in errors.Problems)
        {
            ModelState.AddModelError(field.Length == 0 ? "" : $"{nameof(Input)}.{field}", Texts.Get(Texts.Current.Tag, message.Key, message.Args));
        }

        if (!ModelState.IsValid)
        {
            Form = (await mediator.Send(new Query(Id), HttpContext.RequestAborted))?.Form ?? Form;
            return Page();
        }

        AdminSaved.Tell(TempData, Id is null ? "admin.saved.userAdded" : "admin.saved.user", ("name", Input.UserName ?? ""));
        return RedirectToPage("User", new { id = errors.Id });
    }

    public async Task<IActionResult> OnPostActiveAsync(bool active)
    {
        if (Id is null)
        {
            return NotFound();
        }

        if (await mediator.Send(new SetActive(Id, active, User.Identity?.Name ?? ""), HttpContext.RequestAborted) is { } problem)
        {
            ModelState.AddModelError("", Texts.Get(Texts.Current.Tag, problem.Key, problem.Args));
            if (await mediator.Send(new Query(Id), HttpContext.RequestAborted) is not { } found)
            {
                return NotFound();
            }

            (Form, Input) = found;
            return Page();
        }

        AdminSaved.Tell(TempData, active ? "admin.saved.userEnabled" : "admin.saved.userDisabled");
        return RedirectToPage("User", new { id = Id });
    }

    public sealed record Options(
        IReadOnlyList<(Guid Id, string Name)> Branches, IReadOnlyList<(Guid Id, Guid BranchId, string Name)> Desks, string? UserName, bool IsActive);

    public sealed record Query(string? Id) : IQuery<(Options Form, Command User)?>;

    public sealed class QueryHandler(ReceptionDbContext db, UserManager<ReceptionUser> users) : IQueryHandler<Query, (Options Form, Command User)?>
    {
        public async ValueTask<(Options Form, Command User)?> Handle(Query query, CancellationToken cancellationToken)
        {
            var branches = (await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name)
                .Select(b => new { b.Id, b.Name }).ToListAsync(cancellationToken)).Select(b => (b.Id, b.Name)).ToList();
            var desks = (await db.Desks.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
                .Select(d => new { d.Id, d.BranchId, d.Name }).ToListAsync(cancellationToken)).Select(d => (d.Id, d.BranchId, d.Name)).ToList();
            if (query.Id is null)
            {
                // Defaults that save as they are: a desk login at the first open desk of the first branch that has one.
                var first = desks.FirstOrDefault(d => branches.Exists(b => b.Id == d.BranchId));
                return (new Options(branches, desks, null, true),
                    first == default
                        ? new Command { Role = Roles.Manager, BranchId = branches.Count > 0 ? branches[0].Id : null }
                        : new Command { Role = Roles.Desk, BranchId = first.BranchId, DeskId = first.Id });
            }

            if (await users.FindByIdAsync(query.Id) is not { } user)
            {
                return null;
            }

            var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Desk;
            return (new Options(branches, desks, user.UserName, user.IsActive),
                new Command { UserName = user.UserName ?? "", DisplayName = user.DisplayName, Role = role, BranchId = user.BranchId, DeskId = user.DeskId });
        }
    }

    public sealed record Saved(string? Id, IReadOnlyList<(string Field, Message Message)> Problems);

    public sealed class Command : ICommand<Saved>
    {
        [RegularExpression("^[A-Za-z0-9._@-]{2,64}$", ErrorMessage = "admin.user.nameInvalid")]
        [Display(Name = "admin.user.userName")]
        public string? UserName { get; set; }

        [Required(ErrorMessage = "admin.user.displayNameMissing")]
        [StringLength(100, ErrorMessage = "admin.user.displayNameTooLong")]
        [Display(Name = "admin.user.displayName")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "admin.user.roleMissing")]
        [Display(Name = "admin.user.role")]
        public string Role { get; set; } = Roles.Desk;

        [Display(Name = "admin.user.branch")]
        public Guid? BranchId { get; set; }

        [Display(Name = "admin.user.desk")]
        public Guid? DeskId { get; set; }

        [DataType(DataType.Password)]
        [Display(Name = "admin.user.password")]
        public string? Password { get; set; }

        [BindNever]
        public string? Id { get; set; }

        [BindNever]
        public string By { get; set; } = "";

        /// <summary>Only report the problems: the form's own checks already failed, so nothing is saved.</summary>
        [BindNever]
        public bool CheckOnly { get; set; }
    }

    public sealed class CommandHandler(ReceptionDbContext db, UserManager<ReceptionUser> users, ILogger<AdminUserModel> logger)
        : ICommandHandler<Command, Saved>
    {
        public async ValueTask<Saved> Handle(Command command, CancellationToken cancellationToken)
        {
            // Every problem at once: an admin fixes the form in one go, not one round trip per field.
            var problems = new List<(string Field, Message Message)>();
            if (!Roles.All.Contains(command.Role))
            {
                problems.Add((nameof(Command.Role), new Message("admin.user.roleMissing")));
            }

            // A desk login works at one desk of one branch; a manager may be of one branch or all; an admin is of all.
            var branchId = command.Role == Roles.Admin ? null : command.BranchId;
            var deskId = command.Role == Roles.Desk ? command.DeskId : null;
            var desk = deskId is { } d
                ? await db.Desks.AsNoTracking().Where(x => x.Id == d && x.IsActive).Select(x => new { x.BranchId }).SingleOrDefaultAsync(cancellationToken)
                : null;
            if (command.Role == Roles.Desk)
            {
                // "All branches" with a desk picked means that desk's branch: there is only one it can be.
                branchId ??= desk?.BranchId;
                if (desk is null)
                {
                    problems.Add((nameof(Command.DeskId), new Message("admin.user.deskMissing")));
                }
                else if (desk.BranchId != branchId)
                {
                    problems.Add((nameof(Command.DeskId), new Message("admin.user.deskOtherBranch")));
                }
            }

            if (branchId is { } b && !await db.Branches.AnyAsync(x => x.Id == b && x.IsActive, cancellationToken))
            {
                problems.Add((nameof(Command.BranchId), new Message("admin.user.branchGone")));
            }

            if (command.Id is null)
            {
                await CheckNewLoginAsync(command, problems);
            }

            if (problems.Count > 0 || command.CheckOnly)
            {
                return new Saved(null, problems);
            }

            return command.Id is null
                ? await CreateAsync(command, branchId, deskId, cancellationToken)
                : await UpdateAsync(command, branchId, deskId, cancellationToken);
        }

        /// <summary>The user name and password of a new login, checked with the rest (the password by Identity's own rules).</summary>
        private async Task CheckNewLoginAsync(Command command, List<(string Field, Message Message)> problems)
        {
            if (string.IsNullOrWhiteSpace(command.UserName))
            {
                problems.Add((nameof(Command.UserName), new Message("admin.user.nameMissing")));
            }
            else if (await users.FindByNameAsync(command.UserName) is not null)
            {
                problems.Add((nameof(Command.UserName), Message.Of("admin.user.nameTaken", ("name", command.UserName))));
            }

            if (string.IsNullOrEmpty(command.Password))
            {
                problems.Add((nameof(Command.Password), new Message("admin.user.passwordMissing")));
                return;
            }

            var candidate = new ReceptionUser { UserName = command.UserName };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, command.Password);
                problems.AddRange(result.Errors.Select(e => (nameof(Command.Password), Message.Of("admin.identity.problem", ("problem", e.Description)))));
            }
        }

        private async Task<Saved> CreateAsync(Command command, Guid? branchId, Guid? deskId, CancellationToken cancellationToken)
        {
            var user = new ReceptionUser { UserName = command.UserName, DisplayName = command.DisplayName.Trim(), BranchId = branchId, DeskId = deskId };
            // One transaction: a login whose role could not be given is not created at all (a login without a role can do nothing).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await users.CreateAsync(user, command.Password!);
            if (!created.Succeeded)
            {
                return new Saved(null, Problems(created, nameof(Command.Password)));
            }

            var role = await users.AddToRoleAsync(user, command.Role);
            if (!role.Succeeded)
            {
                return new Saved(null, Problems(role, "", "admin.user.notCreated"));
            }

            await transaction.CommitAsync(cancellationToken);
            AdminLog.Changed(logger, command.By, $"created login {user.UserName} ({command.Role})");
            return new Saved(user.Id, []);
        }

        private async Task<Saved> UpdateAsync(Command command, Guid? branchId, Guid? deskId, CancellationToken cancellationToken)
        {
            if (await users.FindByIdAsync(command.Id!) is not { } user)
            {
                return new Saved(null, [("", new Message("admin.user.gone"))]);
            }

            var roles = await users.GetRolesAsync(user);
            var roleChanged = !roles.SequenceEqual([command.Role]);
            var accessChanged = user.BranchId != branchId || user.DeskId != deskId || roleChanged;
            user.DisplayName = command.DisplayName.Trim();
            user.BranchId = branchId;
            user.DeskId = deskId;

            // All or nothing: a failure at any step (e.g. another admin saved this login meanwhile) rolls back the
            // steps before it, so the login keeps its old role, branch and desk and never ends up without a role.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                return new Saved(null, Problems(updated, "", "admin.user.notChanged"));
            }

            if (roleChanged)
            {
                // The new role before the old ones go, so that no step leaves the login without one.
                if (!roles.Contains(command.Role) && await users.AddToRoleAsync(user, command.Role) is { Succeeded: false } added)
                {
                    return new Saved(null, Problems(added, "", "admin.user.notChanged"));
                }

                if (await users.RemoveFromRolesAsync(user, roles.Where(r => r != command.Role)) is { Succeeded: false } removed)
                {
                    return new Saved(null, Problems(removed, "", "admin.user.notChanged"));
                }
            }

            // Claims carry role, branch and desk: tokens and cookies issued before must not keep the old access.
            if (accessChanged && await users.UpdateSecurityStampAsync(user) is { Succeeded: false } stamped)
            {
                return new Saved(null, Problems(stamped, "", "admin.user.notChanged"));
            }

            await transaction.CommitAsync(cancellationToken);
            AdminLog.Changed(logger, command.By, $"updated login {user.UserName} ({command.Role})");
            return new Saved(user.Id, []);
        }

        private static IReadOnlyList<(string Field, Message Message)> Problems(IdentityResult result, string field, string key = "admin.identity.problem") =>
            result.Errors.Select(e => (field, Message.Of(key, ("problem", e.Description)))).ToList();
    }

    /// <summary>Enables or disables a login; answers why it did not, or null when it did.</summary>
    public sealed record SetActive(string Id, bool Active, string By) : ICommand<Message?>;

    public sealed class SetActiveHandler(UserManager<ReceptionUser> users, ILogger<AdminUserModel> logger) : ICommandHandler<SetActive, Message?>
    {
        public async ValueTask<Message?> Handle(SetActive command, CancellationToken cancellationToken)
        {
            if (await users.FindByIdAsync(command.Id) is not { } user)
            {
                return new Message("admin.user.gone");
            }

            if (user.UserName == command.By)
            {
                return new Message("admin.user.notYourself"); // an admin does not lock themselves out
            }

            user.IsActive = command.Active;
            // A new stamp revokes issued tokens (and saves the user); the ConnectionSweeper closes the live connections of a disabled login.
            if (await users.UpdateSecurityStampAsync(user) is { Succeeded: false } result)
            {
                return Message.Of("admin.user.notChanged", ("problem", string.Join(" ", result.Errors.Select(e => e.Description))));
            }

            AdminLog.Changed(logger, command.By, $"{(command.Active ? "enabled" : "disabled")} login {user.UserName}");
            return null;
        }
    }
}
