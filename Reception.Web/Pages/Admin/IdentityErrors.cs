using Microsoft.AspNetCore.Identity;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// ASP.NET Core Identity's refusals (a password too short, a taken user name…) worded from the
/// catalog in the request's language, for the admin's user and password pages. Their codes stay Identity's.
/// </summary>
public sealed class IdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Worded(nameof(DefaultError), "admin.identity.default");

    public override IdentityError ConcurrencyFailure() => Worded(nameof(ConcurrencyFailure), "admin.identity.concurrency");

    public override IdentityError DuplicateUserName(string userName) => Worded(nameof(DuplicateUserName), "admin.user.nameTaken", ("name", userName));

    public override IdentityError InvalidUserName(string? userName) => Worded(nameof(InvalidUserName), "admin.user.nameInvalid");

    public override IdentityError PasswordTooShort(int length) => Worded(nameof(PasswordTooShort), "admin.identity.passwordTooShort", ("count", length));

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Worded(nameof(PasswordRequiresUniqueChars), "admin.identity.passwordUniqueChars", ("count", uniqueChars));

    public override IdentityError PasswordRequiresNonAlphanumeric() => Worded(nameof(PasswordRequiresNonAlphanumeric), "admin.identity.passwordSymbol");

    public override IdentityError PasswordRequiresDigit() => Worded(nameof(PasswordRequiresDigit), "admin.identity.passwordDigit");

    public override IdentityError PasswordRequiresLower() => Worded(nameof(PasswordRequiresLower), "admin.identity.passwordLower");

    public override IdentityError PasswordRequiresUpper() => Worded(nameof(PasswordRequiresUpper), "admin.identity.passwordUpper");

    private static IdentityError Worded(string code, string key, params (string Name, object Value)[] args) => new()
    {
        Code = code,
        Description = Texts.Get(Texts.Current.Tag, key,
            args.Length == 0 ? null : args.ToDictionary(a => a.Name, a => a.Value)),
    };
}
