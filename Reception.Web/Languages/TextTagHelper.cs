using Microsoft.AspNetCore.Razor.TagHelpers;
using Reception.Sync.Wire;

namespace Reception.Web.Languages;

/// <summary>
/// Writes an element's text, or an attribute, from the catalog in the request's language, and marks
/// it so wwwroot/js/i18n.js can write it again when the visitor picks another language:
/// <list type="bullet">
/// <item><c>&lt;h1 i18n="kiosk.welcome"&gt;</c>: the text (data-i18n);</item>
/// <item><c>&lt;p i18n-message="@message"&gt;</c>: a <see cref="Message"/> with arguments (data-i18n and data-i18n-args);</item>
/// <item><c>&lt;img i18n-attr-alt="kiosk.qrAlt"&gt;</c>: any attribute (data-i18n-attr-alt).</item>
/// </list>
/// </summary>
[HtmlTargetElement(Attributes = "i18n")]
[HtmlTargetElement(Attributes = "i18n-message")]
[HtmlTargetElement(Attributes = "i18n-attr-*")]
public sealed class TextTagHelper(Texts texts) : TagHelper
{
    [HtmlAttributeName("i18n")]
    public string? Key { get; set; }

    [HtmlAttributeName("i18n-message")]
    public Message? Message { get; set; }

    [HtmlAttributeName(DictionaryAttributePrefix = "i18n-attr-")]
    public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Message is null && Key is { Length: > 0 })
        {
            Message = new Message(Key);
        }

        if (Message is { } message)
        {
            output.Attributes.SetAttribute("data-i18n", message.Key);
            if (message.Args is { } args)
            {
                output.Attributes.SetAttribute("data-i18n-args", WireJson.Serialize(args));
            }

            output.Content.SetContent(texts[message]);
        }

        foreach (var (name, key) in Attributes)
        {
            output.Attributes.SetAttribute(name, texts[key]);
            output.Attributes.SetAttribute("data-i18n-attr-" + name, key);
        }
    }
}
