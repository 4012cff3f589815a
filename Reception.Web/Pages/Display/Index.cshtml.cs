using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Sync.Wire;
using Reception.Web.Display;

namespace Reception.Web.Pages.Display;

/// <summary>
/// The public "now serving" screen of a branch: no login, a display token in the link. A wrong or
/// revoked token gets a plain sentence and 403, never a stack trace or a hint of what exists.
/// wwwroot/js/board/display.js then follows the branch's calls live.
/// </summary>
[AllowAnonymous]
public sealed class DisplayModel(IMediator mediator) : PageModel
{
    [BindProperty(Name = "token", SupportsGet = true)]
    public string? Token { get; set; }

    public DisplayBoardDto? Board { get; private set; }

    /// <summary>
    /// The display link's sound setting (sound=auto): the screen's browser is started with autoplay
    /// allowed, so sound needs no click; the screen says so if the browser still asks for one.
    /// </summary>
    [BindProperty(Name = "sound", SupportsGet = true)]
    public string? Sound { get; set; }

    public const string SoundStartsItself = "auto";

    /// <summary>
    /// The display link's "join by phone" setting (join=qr): the screen shows a QR code to the branch's
    /// join page while the branch takes remote joins, and hides it when they are turned off.
    /// </summary>
    [BindProperty(Name = "join", SupportsGet = true)]
    public string? Join { get; set; }

    public const string ShowsJoinQr = "qr";

    public bool ShowsJoin => Join == ShowsJoinQr;

    /// <summary>The join page's address and its QR code (SVG), when the screen shows them.</summary>
    public (string Link, string Svg)? JoinQr { get; private set; }

    public async Task OnGetAsync(string branch)
    {
        // The link is the credential: keep it out of caches (SecurityHeaders keeps it out of Referer headers).
        Response.Headers.CacheControl = "no-store";
        Board = await mediator.Send(new Query(branch, Token), HttpContext.RequestAborted);
        if (Board is null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
        else if (ShowsJoin)
        {
            // Rendered even while remote joining is off (hidden): turning it on shows it at once.
            var link = Reception.Web.Join.JoinExtensions.LinkTo(Request, branch);
            JoinQr = (link, Reception.Web.Visitors.VisitorExtensions.Svg(link));
        }
    }

    /// <summary>For display.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
    public string Json() =>
        WireJson.Serialize(new { branch = Board!.Branch, token = Token, board = Board, soundStartsItself = Sound == SoundStartsItself });

    public sealed record Query(string Branch, string? Token) : IQuery<DisplayBoardDto?>;

    public sealed class Handler(IMediator mediator) : IQueryHandler<Query, DisplayBoardDto?>
    {
        public async ValueTask<DisplayBoardDto?> Handle(Query query, CancellationToken cancellationToken) =>
            await mediator.Send(new CheckDisplayToken(query.Branch, query.Token), cancellationToken) is { } access
                ? await mediator.Send(new GetDisplayBoard(access.BranchId, access.Branch, access.BranchName, access.TimeZoneId), cancellationToken)
                : null;
    }
}
