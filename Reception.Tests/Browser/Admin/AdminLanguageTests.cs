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
/// The administration in the admin's own language: picked in the header, every page, its
/// confirmations and its forms' refusals are from the catalog; Arabic mirrors; nothing is cut off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AnAdminWhoPicksDeutschInTheHeaderAddsAUserAndEditsAServiceInGerman()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GetByRole(AriaRole.Combobox, new() { Name = "Language" }).SelectOptionAsync("de");
        await Speaking.ExpectLanguageAsync(admin, "de", "ltr");

        // A new login, typed in German labels; a refusal first, then the confirmation.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Benutzer", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Benutzer hinzufügen" }).ClickAsync();
        var name = "lena-" + Guid.NewGuid().ToString("N")[..8];
        await admin.GetByLabel("Benutzername").FillAsync(name);
        await admin.GetByLabel("Passwort").FillAsync("kurz");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Benutzer anlegen" }).ClickAsync();
        await Expect(admin.Locator("#form-problems")).ToHaveTextAsync("2 Punkte zu korrigieren: jeder steht bei seinem Feld. Es wurde nichts gespeichert.");
        await Expect(admin.Locator("[data-valmsg-for='Input.DisplayName']")).ToHaveTextAsync("Geben Sie den Anzeigenamen an, den andere sehen, z. B. „Ada an Schalter 1“.");
        await Expect(admin.Locator("[data-valmsg-for='Input.Password']")).ToContainTextAsync("Passwörter brauchen mindestens");
        await admin.GetByLabel("Anzeigename").FillAsync("Lena am Schalter 2");
        await admin.GetByLabel("Filiale").SelectOptionAsync(branch.Id.ToString());
        await admin.GetByLabel("Schalter", new() { Exact = true }).SelectOptionAsync(branch.Desk2.ToString());
        await admin.GetByLabel("Passwort").FillAsync("Lang-genug-1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Benutzer anlegen" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Gespeichert: Die Anmeldung {name} ist angelegt.");
        Assert.Equal(branch.Desk2, await App.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.DeskId).SingleAsync()));

        // A service: a prefix that is no prefix is refused in German and changes nothing; a good one is confirmed.
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "General", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Dienst bearbeiten" })).ToBeVisibleAsync();
        await admin.GetByLabel("Nummernpräfix").FillAsync("A1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Dienst speichern" }).ClickAsync();
        await Expect(admin.Locator("[data-valmsg-for='Input.Prefix']")).ToHaveTextAsync("Ein Nummernpräfix besteht aus 1 bis 4 Buchstaben, z. B. „A“ oder „TX“.");
        Assert.Equal("A", await App.WithDbAsync(db => db.Services.Where(s => s.Id == branch.General).Select(s => s.Prefix).SingleAsync()));
        await BoardPages.ScreenshotAsync(admin, "admin-service-error-de-1280");
        await admin.GetByLabel("Nummernpräfix").FillAsync("q");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Dienst speichern" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gespeichert: der Dienst General (Nummern Q-001…).");
        Assert.Equal("Q", await App.WithDbAsync(db => db.Services.Where(s => s.Id == branch.General).Select(s => s.Prefix).SingleAsync()));
    }

    [Fact]
    public async Task InThePseudoLocaleEveryAdminPageAndItsHeaderIsFromTheCatalogAndFitsAndArabicMirrors()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var userId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == desk.UserName).Select(u => u.Id).SingleAsync());
        await BoardPages.DisplayTokenAsync(App, branch);
        var pages = new[]
        {
            ("/admin", "start"), ("/admin/users", "users"), ("/admin/user", "user-new"), ($"/admin/user/{userId}", "user"),
            ($"/admin/user/{userId}/password", "password"), ($"/admin/branch/{branch.Slug}", "branch"),
            ($"/admin/branch/{branch.Slug}/service", "service-new"), ($"/admin/branch/{branch.Slug}/service/{branch.General}", "service"),
            ($"/admin/branch/{branch.Slug}/desk", "desk-new"), ($"/admin/branch/{branch.Slug}/desk/{branch.Desk1}", "desk"),
            ($"/admin/branch/{branch.Slug}/close/service/{branch.General}", "close-service"), ($"/admin/branch/{branch.Slug}/close/desk/{branch.Desk1}", "close-desk"),
            ($"/admin/branch/{branch.Slug}/new/display", "new-display"), ($"/admin/branch/{branch.Slug}/new/kiosk", "new-kiosk"),
            ($"/admin/branch/{branch.Slug}/new/apikey", "new-apikey"), ($"/admin/branch/{branch.Slug}/join", "join"),
            ("/admin/languages", "languages"),
        };

        // The poster is the branch's (English here, its language unset), whatever the admin's: its printed
        // texts are the catalog's English, the hints above it (not printed) the admin's language.
        async Task PosterAsync(IPage admin, string adminTag, string name)
        {
            await admin.GotoAsync($"/admin/branch/{branch.Slug}/poster");
            await Speaking.ExpectLanguageAsync(admin, Language.English, "ltr");
            await Expect(admin.Locator(".no-print")).ToHaveAttributeAsync("lang", adminTag);
            if (adminTag == Language.PseudoTag) await Speaking.AssertPosterFromCatalogAsync(admin, Language.English);
            else await Expect(admin.Locator(".poster h1")).ToHaveTextAsync(Texts.Get(Language.English, "admin.poster.heading"));
            await BoardPages.AssertFitsAsync(admin);
            await BoardPages.ScreenshotAsync(admin, $"admin-poster-{name}");
        }

        foreach (var (width, height) in new[] { (1366, 768), (1024, 768), (390, 844) })
        {
            await using var context = await Speaking.DeviceAsync(browser, "en-GB", width, height, phone: width < 500);
            var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
            await Speaking.ChooseAsync(context, browser, Language.PseudoTag);
            foreach (var (path, name) in pages)
            {
                await admin.GotoAsync(path);
                await Speaking.ExpectLanguageAsync(admin, Language.PseudoTag, "ltr");
                await Speaking.AssertAllFromCatalogAsync(admin);
            }

            await PosterAsync(admin, Language.PseudoTag, $"pseudo-{width}");

            // A form's refusals too: each field's, and the count above them.
            await admin.GotoAsync($"/admin/branch/{branch.Slug}/service/{branch.General}");
            await admin.Locator("#Input_Prefix").FillAsync("A1");
            await admin.Locator("#Input_Name").FillAsync("");
            await admin.Locator(".admin-form button[type='submit']").ClickAsync();
            await Expect(admin.Locator("[data-valmsg-for='Input.Prefix']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\[.*\]$"));
            await Speaking.AssertAllFromCatalogAsync(admin);
            await admin.GotoAsync("/admin/user");
            await admin.Locator(".admin-form button[type='submit']").ClickAsync();
            await Expect(admin.Locator("#form-problems")).ToBeVisibleAsync();
            await Speaking.AssertAllFromCatalogAsync(admin);

            // German and Arabic, looked at; Arabic reads from the right.
            foreach (var tag in new[] { "de", "ar" })
            {
                await Speaking.ChooseAsync(context, browser, tag);
                foreach (var (path, name) in pages)
                {
                    await admin.GotoAsync(path);
                    await Speaking.ExpectLanguageAsync(admin, tag, tag == "ar" ? "rtl" : "ltr");
                    await BoardPages.AssertFitsAsync(admin);
                    await BoardPages.ScreenshotAsync(admin, $"admin-{name}-{tag}-{width}");
                }

                await PosterAsync(admin, tag, $"{tag}-{width}");
            }

            await admin.GotoAsync($"/admin/branch/{branch.Slug}/service/{branch.General}");
            var card = (await admin.Locator(".card").First.BoundingBoxAsync())!;
            var label = (await admin.Locator("label[for='Input_Name']").BoundingBoxAsync())!;
            Assert.True(card.X + card.Width - (label.X + label.Width) < 40,
                $"in Arabic the label should sit at the card's right edge: label ends at {label.X + label.Width}, card at {card.X + card.Width}");
        }
    }
}
