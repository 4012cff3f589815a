using Reception.Sync.Visitors;
using Reception.Web.Pages.Dashboard;

namespace Reception.Web.Visitors;

/// <summary>
/// The sentences a visitor reads on their status page. The page decides by <see cref="VisitorStatusDto.Status"/>
/// and <see cref="VisitorStatusDto.CallId"/>, never by these words; the server renders them for the
/// first paint and sends them with every update, so they are written once, here.
/// </summary>
/// <param name="Headline">The one thing to know now ("3 people before you", "It's your turn: go to Desk 2").</param>
/// <param name="Detail">What to do, or null.</param>
/// <param name="Wait">The estimated wait, or null when there is none.</param>
public sealed record VisitorText(string Headline, string? Detail, string? Wait);

/// <summary>What a status page receives: the visit's status and its sentences.</summary>
public sealed record VisitorUpdate(VisitorStatusDto Visit, VisitorText Text);

/// <summary>The answer to a visitor's action: its result status and code (applied, duplicate, rejected…), why not, and the visit afterwards.</summary>
public sealed record VisitorActAnswer(string Status, int Code, string? Reason, VisitorUpdate? Update);

public static class VisitorWords
{
    public static VisitorUpdate Update(VisitorStatusDto visit) => new(visit, Of(visit));

    public static VisitorText Of(VisitorStatusDto v) => v.Status switch
    {
        "waiting" => new(
            v.Ahead switch { null or 0 => "You are next", 1 => "1 person before you", var n => $"{n} people before you" },
            v.Ahead is null or 0 ? "Please stay close: you will be called very soon." : "Keep this page open: it changes by itself when you are called.",
            v.EstimatedWait is { } s ? $"Estimated wait: {(s < 60 ? "under a minute" : "about " + Format.Duration(s))}" : null),
        "called" => new($"It's your turn: go to {v.Desk ?? "the desk"}", "Please go there now and show your ticket.", null),
        "serving" => new($"You are being served at {v.Desk ?? "the desk"}", null, null),
        "done" => new("Your visit is complete", "Thank you for coming.", null),
        "noShow" => new("You missed your call", "Please speak to the reception desk.", null),
        "cancelled" => new("You have left the queue", "If this is a mistake, please speak to the reception desk.", null),
        _ => new("Your place in line", null, null),
    };
}
