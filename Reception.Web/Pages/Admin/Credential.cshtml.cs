using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Web.Display;
using Reception.Web.Kiosk;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// Creates a display link, a kiosk link or an API key for a branch. The secret is shown once, on the answer to
/// the form, and only its SHA-256 hash is stored: it cannot be shown again, only revoked and replaced.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminCredentialModel(IMediator mediator) : PageModel
{
    public const string DisplayKind = "display";
    public const string ApiKeyKind = "apikey";
    public const string KioskKind = "kiosk";

    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "";

    [BindProperty]
    public Command Input { get; set; } = new();

    public string BranchName { get; private set; } = "";

    /// <summary>The key, or the display's whole link; set only on the answer to the form.</summary>
    public string? Secret { get; private set; }

    public bool IsDisplay => Kind == DisplayKind;

    public bool IsKiosk => Kind == KioskKind;

    public async Task<IActionResult> OnGetAsync()
    {
        if (Kind is not (DisplayKind or ApiKeyKind or KioskKind) || await mediator.Send(new Query(Slug), HttpContext.RequestAborted) is not { } name)
        {
            return NotFound();
        }

        BranchName = name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Kind is not (DisplayKind or ApiKeyKind or KioskKind))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return await OnGetAsync();
        }

        Input.Slug = Slug;
        Input.Kind = Kind;
        Input.By = User.Identity?.Name ?? "";
        if (await mediator.Send(Input, HttpContext.RequestAborted) is not { } created)
        {
            return NotFound();
        }

        BranchName = created.BranchName;
        Secret = Kind switch
        {
            DisplayKind => $"{Request.Scheme}://{Request.Host}/display/{Uri.EscapeDataString(Slug)}?token={created.Secret}"
                           + (Input.SoundStartsItself ? $"&sound={Pages.Display.DisplayModel.SoundStartsItself}" : "")
                           + (Input.ShowsJoinQr ? $"&join={Pages.Display.DisplayModel.ShowsJoinQr}" : ""),
            KioskKind => $"{Request.Scheme}://{Request.Host}/kiosk/{Uri.EscapeDataString(Slug)}?token={created.Secret}"
                         + (Input.PrintsItself ? $"&print={Pages.Kiosk.KioskModel.PrintsItself}" : ""),
            _ => created.Secret,
        };

        // The answer holds a secret: never cached, never sent on as a referrer.
        Response.Headers.CacheControl = "no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        return Page();
    }

    public sealed record Query(string Slug) : IQuery<string?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, string?>
    {
        public async ValueTask<string?> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Branches.AsNoTracking().Where(b => b.Slug == query.Slug).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The new secret (a display token or an API key), with the branch's name; null when there is no such branch.</summary>
    public sealed record Created(string BranchName, string Secret);

    public sealed class Command : ICommand<Created?>
    {
        [Required(ErrorMessage = "admin.credential.nameMissing")]
        [StringLength(100, ErrorMessage = "admin.credential.nameTooLong")]
        public string Name { get; set; } = "";

        /// <summary>A display link's sound setting: "auto" for a screen started with autoplay allowed (the link gets sound=auto).</summary>
        public string? Sound { get; set; }

        public bool SoundStartsItself => Sound == Pages.Display.DisplayModel.SoundStartsItself;

        /// <summary>A display link shows the "join by phone" QR code while the branch takes remote joins (the link gets join=qr).</summary>
        public bool ShowsJoinQr { get; set; }

        /// <summary>A kiosk link's printing: "auto" prints every ticket by itself (the link gets print=auto).</summary>
        public string? Print { get; set; }

        public bool PrintsItself => Print == Pages.Kiosk.KioskModel.PrintsItself;

        [BindNever]
        public string Slug { get; set; } = "";

        [BindNever]
        public string Kind { get; set; } = "";

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, TimeProvider clock, ILogger<AdminCredentialModel> logger)
        : ICommandHandler<Command, Created?>
    {
        public async ValueTask<Created?> Handle(Command command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => new { b.Id, b.Name }).SingleOrDefaultAsync(cancellationToken);
            if (branch is null)
            {
                return null;
            }

            var branchId = branch.Id;
            var now = clock.GetUtcNow().UtcDateTime;
            var name = command.Name.Trim();
            string secret;
            if (command.Kind == DisplayKind)
            {
                secret = DisplayTokens.Generate();
                db.DisplayTokens.Add(new DisplayToken
                {
                    Id = Guid.NewGuid(), BranchId = branchId, Name = name, TokenHash = DisplayTokens.Hash(secret), CreatedAt = now,
                });
            }
            else if (command.Kind == KioskKind)
            {
                secret = KioskTokens.Generate();
                db.KioskTokens.Add(new KioskToken
                {
                    Id = Guid.NewGuid(), BranchId = branchId, Name = name, TokenHash = KioskTokens.Hash(secret), CreatedAt = now,
                });
            }
            else
            {
                secret = ApiKeys.Generate();
                db.ApiClients.Add(new ApiClient
                {
                    Id = Guid.NewGuid(), BranchId = branchId, Name = name, KeyHash = ApiKeys.Hash(secret), CreatedAt = now,
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            AdminLog.Changed(logger, command.By, $"created {command.Kind} \"{name}\" for {command.Slug}");
            return new Created(branch.Name, secret);
        }
    }
}
