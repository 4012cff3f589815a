using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Languages;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Admin;

/// <summary>
/// The join poster hangs at the branch for its visitors: an admin who reads English prints a German
/// branch's poster in German and an Arabic branch's right to left; only the hints above it, which
/// are not printed, are in the admin's language. Looked at as printed: print media, A4.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PosterLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    public static TheoryData<string, string> Branches => new() { { "de", "ltr" }, { "ar", "rtl" } };

    [Theory]
    [MemberData(nameof(Branches))]
    public async Task AnEnglishAdminPrintsTheBranchsPosterInTheBranchsLanguage(string tag, string dir)
    {
        var branch = await TestBranch.CreateAsync(App);
        await App.WithDbAsync(async db =>
        {
            var row = await db.Branches.SingleAsync(b => b.Id == branch.Id);
            row.Language = tag;
            row.RemoteJoin = true;
            return await db.SaveChangesAsync();
        });
        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await Speaking.ExpectLanguageAsync(admin, Language.English, "ltr");

        await admin.GotoAsync($"/admin/branch/{branch.Slug}/poster");

        await Speaking.ExpectLanguageAsync(admin, tag, dir);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = Texts.Get(tag, "admin.poster.heading") })).ToBeVisibleAsync();
        await Expect(admin.Locator(".p-how")).ToHaveTextAsync(Texts.Get(tag, "admin.poster.how"));
        var link = new Uri(browser.BaseAddress, "/join/" + branch.Slug).ToString();
        await Expect(admin.GetByRole(AriaRole.Img, new() { Name = Texts.Get(tag, "admin.poster.qr", new Dictionary<string, object> { ["link"] = link }) }))
            .ToBeVisibleAsync();
        await Expect(admin.Locator(".p-link")).ToHaveTextAsync(link);
        await Expect(admin).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(Texts.Get(tag, "admin.poster.title"))));
        // The admin's hints (not printed) stay English, and read left to right.
        var hints = admin.Locator(".no-print");
        await Expect(hints).ToHaveAttributeAsync("lang", Language.English);
        await Expect(hints).ToHaveAttributeAsync("dir", "ltr");
        await Expect(hints.GetByRole(AriaRole.Link, new() { Name = Texts.Get(Language.English, "admin.poster.back") })).ToBeVisibleAsync();
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(admin));

        // Printed on A4: the hints are gone, the poster fits the page, and Arabic is laid out right to left.
        await admin.EmulateMediaAsync(new() { Media = Media.Print });
        await admin.SetViewportSizeAsync(794, 1123);
        await Expect(hints).ToBeHiddenAsync();
        await BoardPages.AssertFitsAsync(admin);
        Assert.Equal(dir, await admin.Locator(".poster h1").EvaluateAsync<string>("h => getComputedStyle(h).direction"));
        Assert.True(await admin.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= 1123 + 1"), "the poster should fit one A4 page");
        await BoardPages.ScreenshotAsync(admin, $"poster-{tag}-a4-print");
    }
}
