using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace Reception.Web.Languages;

/// <summary>
/// The catalog as ASP.NET Core's data annotations localizer: a validation attribute's ErrorMessage is
/// a catalog key (<c>[Required(ErrorMessage = "admin.service.nameMissing")]</c>), worded in the
/// request's language when the form is checked. A text that is no key is shown as it is.
/// </summary>
public sealed class CatalogLocalizer : IStringLocalizer
{
    public static readonly CatalogLocalizer Instance = new();

    public LocalizedString this[string name] =>
        new(name, Texts.Get(Texts.Current.Tag, name), resourceNotFound: !Texts.English.ContainsKey(name));

    public LocalizedString this[string name, params object[] arguments] => this[name];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];

    /// <summary>Model binding's own refusals of a form's field (left empty, "abc" for a number) from the catalog too; a REST body's are its own.</summary>
    public static void WordBinding(DefaultModelBindingMessageProvider messages)
    {
        static string Said(string key) => Texts.Get(Texts.Current.Tag, key);
        messages.SetValueIsInvalidAccessor(_ => Said("admin.form.valueInvalid"));
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => Said("admin.form.valueInvalid"));
        messages.SetUnknownValueIsInvalidAccessor(_ => Said("admin.form.valueInvalid"));
        messages.SetValueMustBeANumberAccessor(_ => Said("admin.form.numberInvalid"));
        messages.SetValueMustNotBeNullAccessor(_ => Said("admin.form.valueMissing"));
    }
}
