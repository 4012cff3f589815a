using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Wire;
using Reception.Web.Api;

namespace Reception.Web.Live;

/// <summary>
/// A hub's refusals: "[code] Title: detail", the code first and exactly so (clients and tests
/// parse it), the words in the connection's language: the culture RequestLocalization set for the
/// request that opened the connection, which flows into every invocation (QueueHubLanguageTests).
/// </summary>
public static class HubErrors
{
    public static HubException Of(string code, ProblemDetail why)
    {
        var language = ProblemWords.NotEnglish(CultureInfo.CurrentUICulture);
        return Error(code, ProblemWords.Title(code, language), ProblemWords.Say(why, language));
    }

    /// <summary>A refusal of the engine's (REST answers the same one as problem details); one worded by a page of its own keeps its words.</summary>
    public static HubException Of(SyncProblem problem) =>
        Error(problem.Code, ProblemWords.Title(problem.Code, ProblemWords.NotEnglish(CultureInfo.CurrentUICulture)) ?? problem.Title, ProblemWords.Say(problem));

    private static HubException Error(string code, string? title, string detail) =>
        new(title is null ? $"[{code}] {detail}" : $"[{code}] {title}: {detail}");
}
