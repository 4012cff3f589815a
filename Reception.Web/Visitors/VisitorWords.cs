using Reception.Sync.Visitors;
using Reception.Web.Languages;

namespace Reception.Web.Visitors;

/// <summary>
/// What a visitor reads on their status page, as catalog messages: the page decides by
/// <see cref="VisitorStatusDto.Status"/> and <see cref="VisitorStatusDto.CallId"/>, never by these; the
/// server writes them for the first paint in the request's language, and sends them with every
/// update as keys and arguments, which each page writes in its own visitor's language (one update
/// serves every language).
/// </summary>
/// <param name="Headline">The one thing to know now ("3 people before you", "It's your turn: go to Desk 2").</param>
/// <param name="Detail">What to do, or null.</param>
/// <param name="Wait">The estimated wait, or null when there is none.</param>
public sealed record VisitorText(Message Headline, Message? Detail, Message? Wait);

/// <summary>What a status page receives: the visit's status and its sentences.</summary>
public sealed record VisitorUpdate(VisitorStatusDto Visit, VisitorText Text);

/// <summary>The answer to a visitor's action: its result status and code (applied, duplicate, rejected…), why not
/// (an English sentence, and its code and values to word it by), and the visit afterwards.</summary>
public sealed record VisitorActAnswer(string Status, int Code, string? Reason, VisitorUpdate? Update,
    string? ReasonCode = null, IReadOnlyDictionary<string, object>? ReasonArgs = null);

public static class VisitorWords
{
    public static VisitorUpdate Update(VisitorStatusDto visit) => new(visit, Of(visit));

    public static VisitorText Of(VisitorStatusDto v) => v.Status switch
    {
        "waiting" => new(
            v.Ahead is null or 0 ? Message.Of("visitor.next") : Message.Of("visitor.ahead", ("count", v.Ahead.Value)),
            Message.Of(v.Ahead is null or 0 ? "visitor.stayClose" : "visitor.keepOpen"),
            Wait(v.EstimatedWait)),
        "called" => new(AtDesk("visitor.called", v.Desk), Message.Of("visitor.goNow"), null),
        "serving" => new(AtDesk("visitor.serving", v.Desk), null, null),
        "done" => new(Message.Of("visitor.done"), Message.Of("visitor.thanks"), null),
        "noShow" => new(Message.Of("visitor.noShow"), Message.Of("visitor.speakToDesk"), null),
        "cancelled" => new(Message.Of("visitor.cancelled"), Message.Of("visitor.mistake"), null),
        _ => new(Message.Of("visitor.place"), null, null),
    };

    private static Message AtDesk(string key, string? desk) =>
        desk is null ? Message.Of(key + "NoDesk") : Message.Of(key, ("desk", desk));

    private static Message? Wait(double? seconds)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        var minutes = (int)Math.Round(s / 60, MidpointRounding.AwayFromZero);
        return s < 60 ? Message.Of("visitor.wait.underMinute")
            : minutes < 60 ? Message.Of("visitor.wait.minutes", ("count", minutes))
            : Message.Of("visitor.wait.hours", ("hours", minutes / 60), ("minutes", minutes % 60));
    }
}
