using Microsoft.AspNetCore.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync;
using Reception.Sync.Apply;

namespace Reception.Web.Infrastructure;

public static class CoreExtensions
{
    public static WebApplicationBuilder AddReceptionCore(this WebApplicationBuilder builder)
    {
        builder.Services.AddReceptionData(builder.Configuration);
        builder.Services.AddReceptionSync();
        builder.Services.AddOptions<SyncOptions>()
            .Bind(builder.Configuration.GetSection(SyncOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddMediator((MediatorOptions options) =>
        {
            options.Assemblies = [typeof(PushActions), typeof(Program)];
            // Handlers use the scoped DbContext (Mediator's default lifetime is singleton).
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        return builder;
    }

    public static WebApplicationBuilder AddReceptionIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentityCore<ReceptionUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 8;
            })
            .AddRoles<Microsoft.AspNetCore.Identity.IdentityRole>()
            .AddEntityFrameworkStores<ReceptionDbContext>()
            .AddClaimsPrincipalFactory<Pages.Account.ReceptionClaimsFactory>()
            .AddErrorDescriber<Pages.Admin.IdentityErrors>()
            .AddSignInManager();
        return builder;
    }

    /// <summary>Migrates the database (both providers keep their own migrations) and seeds the demo branch.</summary>
    public static async Task InitialiseDatabaseAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        // The settings' start-up checks (ValidateOnStart) run now rather than when the host starts,
        // so that a setting that refuses to start has not migrated or seeded anything yet.
        app.Services.GetRequiredService<IStartupValidator>().Validate();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        await db.MigrateReceptionDatabaseAsync(cancellationToken);
        await Reception.Sync.Visitors.VisitCodeBackfill.FillAsync(db, cancellationToken);

        // Two instances starting together on an empty database race to seed it; the loser finds
        // the winner's rows on its next try (seeding only adds what is missing).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var seeding = app.Services.CreateAsyncScope();
                await seeding.ServiceProvider.GetRequiredService<Demo.DemoSeeder>().SeedAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < 3 && e is DbUpdateException or InvalidOperationException)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }
}
