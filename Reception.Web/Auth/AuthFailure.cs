using Reception.Sync.Wire;

namespace Reception.Web.Auth;

/// <summary>
/// Why a request was answered 401 or 403, in words for the person integrating: the
/// authentication handlers say it, and the problem-details writer puts it in "detail".
/// </summary>
public static class AuthFailure
{
    private static readonly object Key = new();

    public static void Describe(HttpContext context, string detail) => context.Items[Key] = detail;

    public static string? DetailOf(HttpContext context) => context.Items.TryGetValue(Key, out var d) ? d as string : null;

    public static readonly string NoCredential = ProblemDetailCodes.English[ProblemDetailCodes.NoCredential];

    public static readonly string NotAllowed = ProblemDetailCodes.English[ProblemDetailCodes.NotAllowed];

    /// <summary>A page's script whose sign-in cookie is missing or over (signed out, disabled, new password).</summary>
    public const string SignInAgain = "This page's sign-in has ended: sign in again at /login.";
}
