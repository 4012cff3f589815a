using Microsoft.AspNetCore.Identity;
using Mediator;
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
            .AddSignInManager();
        return builder;
    }

    /// <summary>Migrates the database (both providers keep their own migrations) and seeds the demo branch.</summary>
    public static async Task InitialiseDatabaseAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        await db.MigrateReceptionDatabaseAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Demo.DemoSeeder>().SeedAsync(cancellationToken);
    }
}
