using System.Text.RegularExpressions;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Admin;

/// <summary>The administration as a browser uses it: an admin's cookie, and forms posted with their anti-forgery token.</summary>
internal static partial class AdminForms
{
    /// <summary>A signed-in admin's browser: cookies kept, redirects not followed.</summary>
    public static async Task<HttpClient> AdminAsync(ReceptionApp app, CancellationToken ct)
    {
        var login = await TestLogin.CreateAsync(app, null, Roles.Admin);
        var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", await login.CookieAsync(app, ct));
        return http;
    }

    /// <summary>GETs the form, then POSTs it with its anti-forgery token and the given fields.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient http, string url, Dictionary<string, string> fields, CancellationToken ct,
        string? postTo = null)
    {
        var html = await (await http.GetAsync(url, ct)).Content.ReadAsStringAsync(ct);
        fields["__RequestVerificationToken"] = Antiforgery().Match(html).Groups[1].Value;
        return await http.PostAsync(postTo ?? url, new FormUrlEncodedContent(fields), ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex Antiforgery();
}
