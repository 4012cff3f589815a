using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Web.Display;

namespace Reception.Tests.Web.Admin;

/// <summary>The administration's forms over HTTP: anti-forgery, validation next to the field, nothing deleted.</summary>
public sealed partial class AdminPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private Task<HttpClient> AdminAsync(CancellationToken ct) => AdminForms.AdminAsync(App, ct);

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient http, string url, Dictionary<string, string> fields, CancellationToken ct,
        string? postTo = null) => AdminForms.SubmitAsync(http, url, fields, ct, postTo);

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);

        var response = await http.PostAsync($"/admin/branch/{branch.Slug}/service",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "Forged", ["Input.Prefix"] = "F" }), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Services.AnyAsync(s => s.BranchId == branch.Id && s.Name == "Forged", ct)));
    }

    [Fact]
    public async Task APrefixTheBranchAlreadyUsesIsRefusedWithAMessageNextToThePrefix()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);

        var response = await SubmitAsync(http, $"/admin/branch/{branch.Slug}/service",
            new() { ["Input.Name"] = "Passports", ["Input.Prefix"] = "a", ["Input.SortOrder"] = "3" }, ct);
        var html = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches(PrefixMessage(), html);
        Assert.Equal(2, await App.WithDbAsync(db => db.Services.CountAsync(s => s.BranchId == branch.Id, ct)));
    }

    [Fact]
    public async Task AServiceNameTheBranchAlreadyUsesIsRefusedWhateverItsCaseAndSpacesWithThePrefixProblemInTheSameAnswer()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);

        var response = await SubmitAsync(http, $"/admin/branch/{branch.Slug}/service",
            new() { ["Input.Name"] = "  general ", ["Input.Prefix"] = "b", ["Input.SortOrder"] = "3" }, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        var renamed = await SubmitAsync(http, $"/admin/branch/{branch.Slug}/service/{branch.Billing}",
            new() { ["Input.Name"] = "GENERAL", ["Input.Prefix"] = "B", ["Input.SortOrder"] = "2" }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This branch already has a service called &quot;General&quot;", html);
        Assert.Contains("already uses the prefix B", html);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(["Billing", "General"],
            await App.WithDbAsync(db => db.Services.Where(s => s.BranchId == branch.Id).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct)));
    }

    [Fact]
    public async Task TheNewUserFormReportsEveryProblemInOneAnswerAndItsDefaultsSaveAsTheyAre()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);
        var taken = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);

        var html = await (await SubmitAsync(http, "/admin/user", new()
        {
            ["Input.UserName"] = taken.UserName, ["Input.DisplayName"] = "", ["Input.Role"] = Roles.Desk, ["Input.BranchId"] = branch.Id.ToString(),
            ["Input.DeskId"] = "", ["Input.Password"] = "short",
        }, ct)).Content.ReadAsStringAsync(ct);

        Assert.Contains("There is already a login", html);
        Assert.Contains("Give the display name people see", html);
        Assert.Contains("Pick an open desk of the login&#x27;s branch", html);
        Assert.Contains("Passwords must be at least", html);

        // The blank form's choices (role, branch and desk preselected) are valid as they stand.
        var blank = await (await http.GetAsync("/admin/user", ct)).Content.ReadAsStringAsync(ct);
        Assert.Matches(SelectedOption("Input_Role"), blank);
        Assert.Matches(SelectedOption("Input_BranchId"), blank);
        Assert.Matches(SelectedOption("Input_DeskId"), blank);
    }

    [Fact]
    public async Task ABranchIsOpenedWithAFreeSlugAndAKnownTimeZoneOnly()
    {
        var ct = Timeout();
        var taken = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);
        var slug = "north-" + Guid.NewGuid().ToString("N")[..8];

        var badSlug = await (await SubmitAsync(http, "/admin", new() { ["Input.Name"] = "North", ["Input.Slug"] = "North Office", ["Input.TimeZoneId"] = "UTC" }, ct))
            .Content.ReadAsStringAsync(ct);
        var takenSlug = await (await SubmitAsync(http, "/admin", new() { ["Input.Name"] = "North", ["Input.Slug"] = taken.Slug, ["Input.TimeZoneId"] = "UTC" }, ct))
            .Content.ReadAsStringAsync(ct);
        var badZone = await (await SubmitAsync(http, "/admin", new() { ["Input.Name"] = "North", ["Input.Slug"] = slug, ["Input.TimeZoneId"] = "Mars/Olympus" }, ct))
            .Content.ReadAsStringAsync(ct);
        var opened = await SubmitAsync(http, "/admin", new() { ["Input.Name"] = "North", ["Input.Slug"] = slug, ["Input.TimeZoneId"] = "Europe/Paris" }, ct);

        Assert.Contains("Use 2 to 64 lower-case letters", badSlug);
        Assert.Contains("already has the slug", takenSlug);
        Assert.Contains("not a time zone this server knows", badZone);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/admin/branch/{slug}", opened.Headers.Location?.OriginalString);
        Assert.Equal("Europe/Paris", await App.WithDbAsync(db => db.Branches.Where(b => b.Slug == slug).Select(b => b.TimeZoneId).SingleAsync(ct)));
    }

    [Fact]
    public async Task ADeskLoginNeedsADeskOfItsBranch()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);
        var name = "d" + Guid.NewGuid().ToString("N")[..10];

        var response = await SubmitAsync(http, "/admin/user", new()
        {
            ["Input.UserName"] = name, ["Input.DisplayName"] = "New desk", ["Input.Role"] = Roles.Desk, ["Input.BranchId"] = branch.Id.ToString(),
            ["Input.DeskId"] = other.Desk1.ToString(), ["Input.Password"] = "Long-enough-1",
        }, ct);

        Assert.Contains("Pick an open desk of the login&#x27;s branch.", await response.Content.ReadAsStringAsync(ct));
        Assert.Null(await App.WithDbAsync(db => db.Users.SingleOrDefaultAsync(u => u.UserName == name, ct)));
    }

    [Fact]
    public async Task ClosingAServiceKeepsItAndItsVisitsAndDisablingALoginRevokesItsTokens()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var client = new TestClient(App, branch);
        await client.PushOneAsync(client.Register(Guid.NewGuid(), branch.Billing, "Ada"));
        var desk = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk3);
        var token = await desk.TokenAsync(App, ct);
        var deskId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == desk.UserName).Select(u => u.Id).SingleAsync(ct));
        using var http = await AdminAsync(ct);

        // The branch page's one-click handler does not close: it sends the admin to the confirmation first.
        var unconfirmed = await SubmitAsync(http, $"/admin/branch/{branch.Slug}", [], ct,
            $"/admin/branch/{branch.Slug}?handler=Set&thing=Service&id={branch.Billing}&active=false");
        Assert.Equal($"/admin/branch/{branch.Slug}/close/service/{branch.Billing}", unconfirmed.Headers.Location?.OriginalString);
        Assert.True(await App.WithDbAsync(db => db.Services.Where(s => s.Id == branch.Billing).Select(s => s.IsActive).SingleAsync(ct)));
        var confirm = await (await http.GetAsync(unconfirmed.Headers.Location, ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("This affects 1 visitor.", confirm);
        Assert.Contains("Desk 3 serves no other open service", confirm);
        var closed = await SubmitAsync(http, $"/admin/branch/{branch.Slug}/close/service/{branch.Billing}", [], ct);
        var disabled = await SubmitAsync(http, $"/admin/user/{deskId}", [], ct, $"/admin/user/{deskId}?handler=Active&active=false");

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var billing = await App.WithDbAsync(db => db.Services.SingleAsync(s => s.Id == branch.Billing, ct));
        Assert.False(billing.IsActive);
        Assert.Equal(1, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.ServiceId == branch.Billing, ct)));
        await using var scope = App.Services.CreateAsyncScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>().FindByIdAsync(deskId))!.IsActive);
        using var api = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/{branch.Slug}/queue");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(request, ct)).StatusCode);
    }

    [Fact]
    public async Task ADisplayLinkIsShownOnceStoredAsAHashAndRefusedOnceRevoked()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var http = await AdminAsync(ct);

        var created = await (await SubmitAsync(http, $"/admin/branch/{branch.Slug}/new/display", new() { ["Input.Name"] = "Hall" }, ct))
            .Content.ReadAsStringAsync(ct);
        var link = new Uri(System.Net.WebUtility.HtmlDecode(SecretValue().Match(created).Groups[1].Value));
        var token = Regex.Match(link.Query, "token=([^&]+)").Groups[1].Value;
        var stored = await App.WithDbAsync(db => db.DisplayTokens.SingleAsync(t => t.BranchId == branch.Id, ct));
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        var open = await anonymous.GetAsync(link.PathAndQuery, ct);

        Assert.Equal($"/display/{branch.Slug}", link.AbsolutePath);
        Assert.Equal(DisplayTokens.Hash(token), stored.TokenHash);
        Assert.DoesNotContain(token, await (await http.GetAsync($"/admin/branch/{branch.Slug}", ct)).Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        await SubmitAsync(http, $"/admin/branch/{branch.Slug}", [], ct,
            $"/admin/branch/{branch.Slug}?handler=Set&thing=Display&id={stored.Id}&active=false");
        var refused = await anonymous.GetAsync(link.PathAndQuery, ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This display link is not valid", await refused.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task APasswordResetLiftsTheLockoutSoThePersonCanSignInAtOnce()
    {
        var ct = Timeout();
        var person = await TestLogin.CreateAsync(App, null, Roles.Manager);
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == person.UserName).Select(u => u.Id).SingleAsync(ct));
        var locked = false;
        for (var i = 0; i < 10 && !locked; i++)
        {
            locked = (await SignInFormAsync(person.UserName, "Wrong-guess-" + i, ct)).Contains("this login is locked", StringComparison.Ordinal);
        }

        Assert.True(locked, "wrong passwords never locked the login");
        Assert.Contains("this login is locked", await SignInFormAsync(person.UserName, person.Password, ct));
        using var http = await AdminAsync(ct);

        var reset = await SubmitAsync(http, $"/admin/user/{id}/password", new() { ["Input.NewPassword"] = "Fresh-pass-word-2" }, ct);

        Assert.Contains("The password is changed", await reset.Content.ReadAsStringAsync(ct));
        Assert.Null(await App.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LockoutEnd).SingleAsync(ct)));
        await new TestLogin(person.UserName, "Fresh-pass-word-2").CookieAsync(App, ct);   // signed in: redirected home
    }

    /// <summary>Posts the login form as a browser would; returns the page it answers (a successful sign-in redirects: empty).</summary>
    private async Task<string> SignInFormAsync(string userName, string password, CancellationToken ct)
    {
        using var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await http.GetAsync("/login", ct);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = userName, ["Input.Password"] = password,
                ["__RequestVerificationToken"] = AdminForms.Antiforgery().Match(await form.Content.ReadAsStringAsync(ct)).Groups[1].Value,
            }),
        };
        post.Headers.Add("Cookie", TestLogin.Cookies(form));
        var response = await http.SendAsync(post, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    [Fact]
    public async Task AManagerIsRefusedTheAdministrationWithA403Page()
    {
        var ct = Timeout();
        var manager = await TestLogin.CreateAsync(App, null, Roles.Manager);
        using var http = App.CreateClient(new() { AllowAutoRedirect = true, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", await manager.CookieAsync(App, ct));

        var response = await http.GetAsync("/admin/users", ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed", await response.Content.ReadAsStringAsync(ct));
    }

    [GeneratedRegex("data-valmsg-for=\"Input.Prefix\"[^>]*>[^<]*already uses the prefix A")]
    private static partial Regex PrefixMessage();

    [GeneratedRegex("id=\"secret\" class=\"secret\" value=\"([^\"]+)\"")]
    private static partial Regex SecretValue();

    /// <summary>The select has an option marked selected with a non-empty value.</summary>
    private static Regex SelectedOption(string id) =>
        new($"<select[^>]*id=\"{id}\"[^>]*>(?:(?!</select>)[\\s\\S])*<option(?=[^>]*value=\"[^\"]+\")(?=[^>]*selected)", RegexOptions.None);
}
