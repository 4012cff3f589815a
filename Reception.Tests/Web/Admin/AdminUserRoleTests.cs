using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Admin;

/// <summary>
/// A login's role changes all or nothing: when a step fails (here: as if another admin had saved the
/// login meanwhile), the form says so and the login keeps the role and access it had.
/// </summary>
public sealed class AdminUserRoleTests : IAsyncLifetime
{
    private readonly RoleSaveFault _faults = new();
    private readonly ReceptionApp _app;

    public AdminUserRoleTests() => _app = new ReceptionApp(Provider.Sqlite, services: s => s.AddSingleton<IInterceptor>(_faults));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Theory]
    [InlineData(EntityState.Added)]    // giving the new role fails
    [InlineData(EntityState.Deleted)]  // taking the old role away fails
    public async Task ARoleChangeThatFailsIsReportedOnTheFormAndLeavesTheLoginAsItWas(EntityState failing)
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(_app);
        var desk = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        var before = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == desk.UserName, ct));
        using var http = await AdminForms.AdminAsync(_app, ct);

        _faults.FailNextSaveThat(failing);
        var response = await AdminForms.SubmitAsync(http, $"/admin/user/{before.Id}", new()
        {
            ["Input.DisplayName"] = "Promoted", ["Input.Role"] = Roles.Manager, ["Input.BranchId"] = branch.Id.ToString(), ["Input.DeskId"] = "",
        }, ct);

        Assert.True(_faults.Failed, "the injected failure never happened");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("Nothing was changed: Someone else changed this login meanwhile", html);
        var after = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == before.Id, ct));
        Assert.Equal([Roles.Desk], await RolesOfAsync(after));
        Assert.Equal((before.DisplayName, before.BranchId, before.DeskId, before.SecurityStamp),
            (after.DisplayName, after.BranchId, after.DeskId, after.SecurityStamp));
    }

    [Fact]
    public async Task ANewLoginWhoseRoleCannotBeGivenIsNotCreated()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(_app);
        var name = "d" + Guid.NewGuid().ToString("N")[..10];
        using var http = await AdminForms.AdminAsync(_app, ct);

        _faults.FailNextSaveThat(EntityState.Added);
        var response = await AdminForms.SubmitAsync(http, "/admin/user", new()
        {
            ["Input.UserName"] = name, ["Input.DisplayName"] = "New desk", ["Input.Role"] = Roles.Desk, ["Input.BranchId"] = branch.Id.ToString(),
            ["Input.DeskId"] = branch.Desk1.ToString(), ["Input.Password"] = "Long-enough-1",
        }, ct);

        Assert.True(_faults.Failed, "the injected failure never happened");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The login was not created: Someone else changed this login meanwhile", await response.Content.ReadAsStringAsync(ct));
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name, ct)));
    }

    [Fact]
    public async Task ARoleChangeReplacesTheRoleAndRevokesTheLoginsTokens()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(_app);
        var desk = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        var before = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == desk.UserName, ct));
        using var http = await AdminForms.AdminAsync(_app, ct);

        var response = await AdminForms.SubmitAsync(http, $"/admin/user/{before.Id}", new()
        {
            ["Input.DisplayName"] = "Promoted", ["Input.Role"] = Roles.Manager, ["Input.BranchId"] = branch.Id.ToString(), ["Input.DeskId"] = "",
        }, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await _app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == before.Id, ct));
        Assert.Equal([Roles.Manager], await RolesOfAsync(after));
        Assert.Equal(("Promoted", (Guid?)null), (after.DisplayName, after.DeskId));
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
    }

    [Fact]
    public async Task DisablingALoginThatCannotBeSavedIsReportedAndTheLoginStaysEnabled()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(_app);
        var desk = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        var id = await _app.WithDbAsync(db => db.Users.Where(u => u.UserName == desk.UserName).Select(u => u.Id).SingleAsync(ct));
        using var http = await AdminForms.AdminAsync(_app, ct);

        _faults.FailNextUserSave();
        var response = await AdminForms.SubmitAsync(http, $"/admin/user/{id}", [], ct, $"/admin/user/{id}?handler=Active&active=false");

        Assert.True(_faults.Failed, "the injected failure never happened");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was changed: Someone else changed this login meanwhile", await response.Content.ReadAsStringAsync(ct));
        Assert.True(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsActive).SingleAsync(ct)));
        await desk.TokenAsync(_app, ct); // still signs in
    }

    [Fact]
    public async Task AnAdminWhoTriesToDisableTheirOwnLoginIsToldWhyAndStaysEnabled()
    {
        var ct = Timeout();
        var admin = await TestLogin.CreateAsync(_app, null, Roles.Admin);
        var id = await _app.WithDbAsync(db => db.Users.Where(u => u.UserName == admin.UserName).Select(u => u.Id).SingleAsync(ct));
        using var http = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", await admin.CookieAsync(_app, ct));

        var response = await AdminForms.SubmitAsync(http, $"/admin/user/{id}", [], ct, $"/admin/user/{id}?handler=Active&active=false");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You cannot disable or enable your own login.", await response.Content.ReadAsStringAsync(ct));
        Assert.True(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsActive).SingleAsync(ct)));
    }

    private async Task<IList<string>> RolesOfAsync(ReceptionUser user)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>().GetRolesAsync(user);
    }

    /// <summary>
    /// Fails the next save that adds or removes a user's role (or, with <see cref="FailNextUserSave"/>, that
    /// changes a login) the way Identity's store sees a login another admin saved meanwhile: a concurrency
    /// exception, which it answers with a failed IdentityResult.
    /// </summary>
    private sealed class RoleSaveFault : SaveChangesInterceptor
    {
        private Func<DbContext, bool>? _armed;

        public bool Failed { get; private set; }

        public void FailNextSaveThat(EntityState roleState) =>
            Arm(db => db.ChangeTracker.Entries<IdentityUserRole<string>>().Any(e => e.State == roleState));

        public void FailNextUserSave() => Arm(db => db.ChangeTracker.Entries<ReceptionUser>().Any(e => e.State == EntityState.Modified));

        private void Arm(Func<DbContext, bool> when) => (_armed, Failed) = (when, false);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (_armed is { } when && when(eventData.Context!))
            {
                (_armed, Failed) = (null, true);
                throw new DbUpdateConcurrencyException("injected: the login was saved by someone else meanwhile");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}
