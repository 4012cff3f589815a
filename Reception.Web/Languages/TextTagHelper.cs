using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Reception.Web.Languages;

/// <summary>
/// <c>&lt;h1 i18n="kiosk.welcome"&gt;</c> writes the text in the request's language and marks the
/// element with data-i18n, so wwwroot/js/i18n.js can write it again when the visitor picks another
/// language; <c>i18n-alt="…"</c> (any attribute) does the same for an attribute.
/// </summary>
[HtmlTargetElement(Attributes = "i18n")]
[HtmlTargetElement(Attributes = "i18n-*")]
public sealed class TextTagHelper(Texts texts) : TagHelper
{
    [HtmlAttributeName("i18n")]
    public string? Key { get; set; }

    [HtmlAttributeName(DictionaryAttributePrefix = "i18n-")]
    public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Key is { Length: > 0 })
        {
            output.Attributes.SetAttribute("data-i18n", Key);
            output.Content.SetContent(texts[Key]);
        }

        foreach (var (name, key) in Attributes)
        {
            output.Attributes.SetAttribute(name, texts[key]);
            output.Attributes.SetAttribute("data-i18n-" + name, key);
        }
    }
}
