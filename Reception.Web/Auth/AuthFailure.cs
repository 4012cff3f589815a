using Reception.Sync.Wire;

namespace Reception.Web.Auth;

/// <summary>
/// Why a request was answered 401 or 403, as a detail code and its values: the authentication
/// handlers say it, and the problem-details writer words it in "detail" in the caller's language.
/// </summary>
public static class AuthFailure
{
    private static readonly object Key = new();

    public static void Describe(HttpContext context, ProblemDetail why) => context.Items[Key] = why;

    public static ProblemDetail? Of(HttpContext context) => context.Items.TryGetValue(Key, out var d) ? d as ProblemDetail : null;

    public static ProblemDetail NoCredential => ProblemDetail.Of(ProblemDetailCodes.NoCredential);

    public static ProblemDetail NotAllowed => ProblemDetail.Of(ProblemDetailCodes.NotAllowed);

    /// <summary>A page's script whose sign-in cookie is missing or over (signed out, disabled, new password).</summary>
    public static ProblemDetail SignInAgain => ProblemDetail.Of(ProblemDetailCodes.SignInEnded);

    /// <summary>A handler's refusal (AuthenticateResult.Fail, context.Fail) that carries its detail code.</summary>
    public sealed class Refused(ProblemDetail why) : Exception(why.English)
    {
        public ProblemDetail Why { get; } = why;
    }

    /// <summary>What a handler's failure says: its own detail, or the framework's words behind <see cref="ProblemDetailCodes.CredentialRefused"/>.</summary>
    public static ProblemDetail Of(Exception? failure) => failure switch
    {
        null => NoCredential,
        Refused refused => refused.Why,
        _ => ProblemDetail.Of(ProblemDetailCodes.CredentialRefused, ("reason", failure.Message)),
    };
}
