using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Web.Api;
using Reception.Web.Languages;

namespace Reception.Tests.Web.Api;

/// <summary>
/// What the API says to people is in the caller's language (Accept-Language), what machines read is
/// not: a problem's status, code, type and detailCode, and a result's reasonCode and reasonArgs, are
/// the same in every language, and English answers a caller who asks for none or for one Reception
/// does not speak.
/// </summary>
public abstract class ApiLanguageTests(ReceptionApp app)
{
    public static TheoryData<string?, string> Callers => new()
    {
        { "de", "de" },
        { "es-MX,es;q=0.9", "es" },
        { "ar", "ar" },
        { null, Language.English },
        { "fr-FR,fr;q=0.9", Language.English },
    };

    private HttpClient Client(string? key, string? acceptLanguage)
    {
        var http = app.ClientWith(key);
        if (acceptLanguage is not null)
        {
            http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return http;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task TheSameBadRequestGetsTheSameStatusAndCodesAndItsWordsInTheCallersLanguage(string? acceptLanguage, string tag)
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = Client(await app.AddApiKeyAsync(branch.Id), acceptLanguage);

        var problem = await (await http.GetAsync("/api/v1/sync/pull?branch=nowhere&since=0", ApiHttp.Timeout()))
            .ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(ProblemCodes.NotFound, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypeOf(ProblemCodes.NotFound), problem.GetProperty("type").GetString());
        Assert.Equal(ProblemDetailCodes.BranchUnknown, problem.GetProperty("detailCode").GetString());
        Assert.Equal("nowhere", problem.GetProperty("detailArgs").GetProperty("branch").GetString());
        Assert.Equal(Texts.Get(tag, "problems." + ProblemDetailCodes.BranchUnknown, new Dictionary<string, object> { ["branch"] = "nowhere" }),
            problem.GetProperty("detail").GetString());
        Assert.Equal(tag == Language.English ? "Not Found" : Texts.Get(tag, "problems.not-found.title"), problem.GetProperty("title").GetString());
        if (tag == "de")
        {
            Assert.Equal("Es gibt keine Filiale „nowhere“. Prüfen Sie das Kürzel der Filiale.", problem.GetProperty("detail").GetString());
        }

        if (tag == Language.English)
        {
            Assert.Equal("There is no branch 'nowhere'. Check the branch slug.", problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task TheFrameworksOwnProblemsAreWordedByCodeToo(string? acceptLanguage, string tag)
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = Client(await app.AddApiKeyAsync(branch.Id), acceptLanguage);

        var problem = await (await http.GetAsync("/api/v1/nothing-here", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(ProblemCodes.NotFound, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemDetailCodes.NoSuchPath, problem.GetProperty("detailCode").GetString());
        Assert.Equal(Texts.Get(tag, "problems." + ProblemDetailCodes.NoSuchPath, new Dictionary<string, object> { ["path"] = "/api/v1/nothing-here" }),
            problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ARejectedActionOverRestIsWordedInGermanWhileItsCodeAndValuesStay()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = Client(await app.AddApiKeyAsync(branch.Id), "de-DE,de;q=0.9,en;q=0.5");
        var device = new TestClient(app, branch);
        var teleport = device.Next("teleport", Guid.NewGuid());
        var missing = device.Call(Guid.NewGuid(), branch.Desk1);

        var results = await (await http.PushAsync(branch.Slug, teleport, missing)).ResultsAsync();
        var single = await (await http.PushOneAsync(branch.Slug, device.Next("teleport", Guid.NewGuid())))
            .BodyAsync<ActionResult>(HttpStatusCode.UnprocessableEntity);

        Assert.All(results, r => Assert.Equal(ResultStatus.Rejected, r.Status));
        Assert.Equal(ReasonCodes.TypeUnknown, results[0].ReasonCode);
        Assert.Equal("teleport", ((JsonElement)results[0].ReasonArgs!["type"]).GetString());
        Assert.StartsWith("Unbekannter Aktionstyp „teleport“. Verwenden Sie einen von: register, ", results[0].Reason);
        Assert.Equal(ReasonCodes.VisitUnknown, results[1].ReasonCode);
        Assert.Equal($"Es gibt keinen Besuch {missing.VisitId}. Vielleicht ist er noch nicht synchronisiert; registrieren Sie ihn zuerst.",
            results[1].Reason);
        Assert.Equal(ReasonCodes.TypeUnknown, single.ReasonCode);
        Assert.StartsWith("Unbekannter Aktionstyp", single.Reason);
    }

    [Fact]
    public async Task AReasonNamingFieldsNamesThemInGermanNotByTheirCodes()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = Client(await app.AddApiKeyAsync(branch.Id), "de-DE,de;q=0.9,en;q=0.5");
        var device = new TestClient(app, branch);
        var ben = Guid.NewGuid();
        var seen = (await device.PushOneAsync(device.Register(ben, branch.General, "Ben Ode", new { phone = "111" }))).Visit!;
        await device.PushOneAsync(device.Edit(ben, seen.Version, new { name = "Ben", phone = "222" },
            new() { ["name"] = seen.FieldVersions.Name, ["phone"] = seen.FieldVersions.Phone }));

        // The legacy system's edit, made on what it saw before: both fields had changed since.
        var legacy = new TestClient(app, branch);
        var conflict = (await (await http.PushAsync(branch.Slug, legacy.Edit(ben, seen.Version, new { name = "Benjamin", phone = "333" },
            new() { ["name"] = seen.FieldVersions.Name, ["phone"] = seen.FieldVersions.Phone }))).ResultsAsync()).Single();
        var tooLong = (await (await http.PushAsync(branch.Slug, legacy.Register(Guid.NewGuid(), branch.General, new string('x', 300))))
            .ResultsAsync()).Single();

        Assert.Equal((ReasonCodes.DetailsChanged, "name, phone"), (conflict.ReasonCode, ((JsonElement)conflict.ReasonArgs!["fields"]).GetString()));
        Assert.Equal("Ein anderer Schalter hat Name und Telefon von A-001 geändert, nachdem Sie den Besuch zuletzt gesehen haben.", conflict.Reason);
        Assert.Equal((ReasonCodes.TextTooLong, "name"), (tooLong.ReasonCode, ((JsonElement)tooLong.ReasonArgs!["field"]).GetString()));
        Assert.StartsWith("Das Feld „Name“ ist 300 Zeichen lang", tooLong.Reason);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonOrHasTheWrongShapeIsRefusedWithTheSameCodesAndItsWordsInGerman()
    {
        var branch = await TestBranch.CreateAsync(app);
        var key = await app.AddApiKeyAsync(branch.Id);
        foreach (var (body, code) in new[]
                 {
                     ("{\"branch\": ", ProblemDetailCodes.BodyNotJson),
                     ($"{{\"branch\": \"{branch.Slug}\", \"actions\": [{{\"clientId\": 5}}]}}", ProblemDetailCodes.BodyShape),
                 })
        {
            var english = await (await Client(key, null).PostJsonAsync("/api/v1/sync/push", body)).ProblemAsync(HttpStatusCode.BadRequest);
            var german = await (await Client(key, "de").PostJsonAsync("/api/v1/sync/push", body)).ProblemAsync(HttpStatusCode.BadRequest);

            Assert.Equal(code, english.GetProperty("detailCode").GetString());
            Assert.Equal(code, german.GetProperty("detailCode").GetString());
            Assert.Equal(english.GetProperty("detailArgs").GetRawText(), german.GetProperty("detailArgs").GetRawText());
            var args = german.GetProperty("detailArgs").EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.Number ? (object)p.Value.GetInt64() : p.Value.GetString()!);
            if (code == ProblemDetailCodes.BodyShape)
            {
                Assert.Equal("id", args["expected"]);
                args["expected"] = Texts.Get("de", "problems.expected.id");
                Assert.StartsWith("The request body has the wrong shape: $.actions[0].clientId must be an id", english.GetProperty("detail").GetString());
                Assert.StartsWith("Der Anfragetext hat die falsche Form: $.actions[0].clientId muss eine ID", german.GetProperty("detail").GetString());
            }
            else
            {
                Assert.StartsWith("The request body is not valid JSON: ", english.GetProperty("detail").GetString());
                Assert.StartsWith("Der Anfragetext ist kein gültiges JSON: ", german.GetProperty("detail").GetString());
            }

            Assert.Equal(Texts.Get("de", "problems." + code, args), german.GetProperty("detail").GetString());
        }
    }

    public static TheoryData<string, string> FieldCallers => new() { { "de", "de" }, { "es-ES,es;q=0.9", "es" } };

    /// <summary>Each field's error, its code and the sentence the caller reads.</summary>
    private static Dictionary<string, (string Code, string Words)> FieldErrors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name,
            e => (problem.GetProperty("errorCodes").GetProperty(e.Name).EnumerateArray().Single().GetString()!, e.Value.EnumerateArray().Single().GetString()!));

    [Theory]
    [MemberData(nameof(FieldCallers))]
    public async Task ASignInWithoutAUsernameOrWithATooLongPasswordIsRefusedFieldByFieldInTheCallersLanguageWithTheSameCodes(string acceptLanguage, string tag)
    {
        var body = $$"""{"username": "", "password": "{{new string('x', 300)}}"}""";
        var english = await (await Client(null, null).PostJsonAsync("/api/v1/auth/token", body)).ProblemAsync(HttpStatusCode.BadRequest);
        var local = await (await Client(null, acceptLanguage).PostJsonAsync("/api/v1/auth/token", body)).ProblemAsync(HttpStatusCode.BadRequest);

        var (englishErrors, localErrors) = (FieldErrors(english), FieldErrors(local));
        Assert.Equal((ProblemDetailCodes.FieldRequired, "username is required."), englishErrors["username"]);
        Assert.Equal((ProblemDetailCodes.FieldTooLong, "password is 300 characters long; at most 256 are allowed."), englishErrors["password"]);
        Assert.Equal(englishErrors.ToDictionary(e => e.Key, e => e.Value.Code), localErrors.ToDictionary(e => e.Key, e => e.Value.Code));
        Assert.Equal(Texts.Get(tag, "problems.field-required", new Dictionary<string, object> { ["field"] = "username" }), localErrors["username"].Words);
        Assert.Equal(Texts.Get(tag, "problems.field-too-long", new Dictionary<string, object> { ["field"] = "password", ["length"] = 300, ["max"] = 256 }),
            localErrors["password"].Words);
        Assert.Equal(ProblemDetailCodes.TokenRequestInvalid, english.GetProperty("detailCode").GetString());
        Assert.Equal(ProblemDetailCodes.TokenRequestInvalid, local.GetProperty("detailCode").GetString());
        Assert.Equal(ProblemCodes.BadRequest, local.GetProperty("code").GetString());
        Assert.Equal(ProblemDetail.Of(ProblemDetailCodes.TokenRequestInvalid).English, english.GetProperty("detail").GetString());
        Assert.Equal(Texts.Get(tag, "problems." + ProblemDetailCodes.TokenRequestInvalid), local.GetProperty("detail").GetString());
        Assert.Equal(Texts.Get(tag, ProblemWords.ValidationTitle), local.GetProperty("title").GetString());
        if (tag == "de")
        {
            Assert.Equal("username fehlt.", localErrors["username"].Words);
            Assert.Equal("password ist 300 Zeichen lang; erlaubt sind höchstens 256.", localErrors["password"].Words);
        }

        Assert.All(localErrors.Values.Concat(englishErrors.Values), e => Assert.Contains(e.Code, ProblemDetailCodes.Fields));
        Assert.NotEqual(englishErrors["password"].Words, localErrors["password"].Words);
    }

    [Theory]
    [MemberData(nameof(FieldCallers))]
    public async Task AQueryParameterOfTheWrongTypeIsRefusedInTheCallersLanguageWithTheSameCodes(string acceptLanguage, string tag)
    {
        var branch = await TestBranch.CreateAsync(app);
        var key = await app.AddApiKeyAsync(branch.Id);
        var path = $"/api/v1/sync/pull?branch={branch.Slug}&since=soon";

        var english = await (await Client(key, null).GetAsync(path, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.BadRequest);
        var local = await (await Client(key, acceptLanguage).GetAsync(path, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal((ProblemDetailCodes.FieldType, "must be a whole number"), FieldErrors(english)["since"]);
        var expected = Texts.Get(tag, "problems.expected.number");
        Assert.Equal((ProblemDetailCodes.FieldType, Texts.Get(tag, "problems.field-type", new Dictionary<string, object> { ["expected"] = expected })),
            FieldErrors(local)["since"]);
        Assert.Equal(ProblemDetailCodes.ParameterType, local.GetProperty("detailCode").GetString());
        Assert.Equal(english.GetProperty("detailArgs").GetRawText(), local.GetProperty("detailArgs").GetRawText());
        Assert.Equal(Texts.Get(tag, "problems.parameter-type", new Dictionary<string, object> { ["name"] = "since", ["expected"] = expected, ["value"] = "soon" }),
            local.GetProperty("detail").GetString());
        Assert.DoesNotContain("whole number", local.GetRawText());
    }

    [Fact]
    public async Task ABadTokenIsRefusedWithTheSameCodeAndItsWordsInGerman()
    {
        var branch = await TestBranch.CreateAsync(app);
        foreach (var (token, code) in new[]
                 {
                     ("not-a-token", ProblemDetailCodes.TokenMalformed),
                     ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", ProblemDetailCodes.TokenInvalid),
                 })
        {
            var english = await (await Client(token, null).GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ApiHttp.Timeout()))
                .ProblemAsync(HttpStatusCode.Unauthorized);
            var german = await (await Client(token, "de").GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ApiHttp.Timeout()))
                .ProblemAsync(HttpStatusCode.Unauthorized);

            Assert.Equal(code, english.GetProperty("detailCode").GetString());
            Assert.Equal(code, german.GetProperty("detailCode").GetString());
            Assert.Equal(ProblemDetail.Of(code).English, english.GetProperty("detail").GetString());
            Assert.Equal(Texts.Get("de", "problems." + code), german.GetProperty("detail").GetString());
            Assert.NotEqual(english.GetProperty("detail").GetString(), german.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task ARejectedActionOverRestWithoutALanguageKeepsTheEnginesEnglish()
    {
        var branch = await TestBranch.CreateAsync(app);
        var http = Client(await app.AddApiKeyAsync(branch.Id), null);
        var device = new TestClient(app, branch);
        var missing = device.Call(Guid.NewGuid(), branch.Desk1);

        var result = (await (await http.PushAsync(branch.Slug, missing)).ResultsAsync()).Single();

        Assert.Equal(ReasonCodes.VisitUnknown, result.ReasonCode);
        Assert.Equal(Reason.Of(ReasonCodes.VisitUnknown, ("visitId", missing.VisitId!.Value)).English, result.Reason);
    }

    [Fact]
    public async Task HubResultsCarryTheReasonCodeAndItsArgumentsForTheDeskToWord()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(app, await login.TokenAsync(app, ct), branch.Slug, ct);
        var device = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var register = device.Register(visitId, branch.General, "Ada");
        var elsewhere = device.Call(visitId, branch.Desk2);

        var response = await desk.Connection.InvokeAsync<JsonElement>("Push",
            new PushRequest { Branch = branch.Slug, Actions = [register, elsewhere] }, ct);
        var results = response.GetProperty("results");

        Assert.Equal(ResultStatus.Applied, results[0].GetProperty("status").GetString());
        Assert.False(results[0].TryGetProperty("reasonCode", out _));
        var refused = results[1];
        Assert.Equal(ResultStatus.Rejected, refused.GetProperty("status").GetString());
        Assert.Equal(ReasonCodes.DeskOther, refused.GetProperty("reasonCode").GetString());
        var args = refused.GetProperty("reasonArgs");
        Assert.Equal(login.UserName, args.GetProperty("login").GetString());
        Assert.False(string.IsNullOrEmpty(args.GetProperty("desk").GetString()));
        Assert.Contains("works at another desk", refused.GetProperty("reason").GetString());
    }
}

public sealed class SqliteApiLanguageTests(SqliteAppFixture fixture) : ApiLanguageTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresApiLanguageTests(PostgresAppFixture fixture) : ApiLanguageTests(fixture.App), IClassFixture<PostgresAppFixture>;
