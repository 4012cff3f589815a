using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;

namespace Reception.Web.Demo;

public sealed class DemoOptions
{
    public const string Section = "Reception:Demo";

    /// <summary>Absent: on for the embedded SQLite default, off on PostgreSQL.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Absent or empty: a random password, printed at start. Set: demo logins are kept at this password, which is never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Absent or empty: a random key, printed at start. Set: the legacy client accepts this key, which must start with rk_.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// Seeds the demo branch (docs/protocol.md, "The demo branch") into an empty database and tells the
/// <see cref="StartBanner"/> how to sign in.
/// A random password or key cannot be shown again later (only hashes are kept); configure
/// Reception:Demo:Password / ApiKey to fix them.
/// </summary>
public sealed partial class DemoSeeder(
    ReceptionDbContext db,
    UserManager<ReceptionUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<DemoOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    StartBanner banner,
    ILogger<DemoSeeder> logger)
{
    public const string BranchSlug = "demo";
    public const string ApiClientName = "legacy";

    private static readonly (string UserName, string Role, string DisplayName, int? Desk)[] Logins =
    [
        ("desk1", Roles.Desk, "Desk 1", 0),
        ("desk2", Roles.Desk, "Desk 2", 1),
        ("manager", Roles.Manager, "Manager", null),
        ("admin", Roles.Admin, "Admin", null),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var enabled = options.Value.Enabled ?? DataServiceCollectionExtensions.ProviderFor(configuration) == DatabaseProvider.Sqlite;
        if (!enabled)
        {
            return;
        }

        var branch = await db.Branches.SingleOrDefaultAsync(b => b.Slug == BranchSlug, cancellationToken);
        if (branch is null && !await db.Branches.AnyAsync(cancellationToken))
        {
            branch = await CreateBranchAsync(cancellationToken);
        }

        if (branch is null)
        {
            return;
        }

        var desks = await db.Desks.Where(d => d.BranchId == branch.Id).OrderBy(d => d.SortOrder).ToListAsync(cancellationToken);
        var password = NullIfEmpty(options.Value.Password);
        var createdPassword = password ?? NewPassword();
        var created = false;
        foreach (var login in Logins)
        {
            var user = await users.FindByNameAsync(login.UserName);
            if (user is null)
            {
                user = new ReceptionUser
                {
                    UserName = login.UserName,
                    DisplayName = login.DisplayName,
                    BranchId = login.Role == Roles.Admin ? null : branch.Id,
                    DeskId = login.Desk is { } i && i < desks.Count ? desks[i].Id : null,
                };
                Check(await users.CreateAsync(user, createdPassword));
                Check(await users.AddToRoleAsync(user, login.Role));
                created = true;
            }
            else if (password is not null && !await users.CheckPasswordAsync(user, password))
            {
                Check(await users.RemovePasswordAsync(user));
                Check(await users.AddPasswordAsync(user, password));
            }
        }

        if (created)
        {
            var names = string.Join(", ", Logins.Select(l => $"{l.UserName} ({l.Role})"));
            // A configured password is known to whoever set it and must not reach the logs.
            banner.DemoLogins(names, password is null ? createdPassword : null);
        }

        await EnsureApiClientAsync(branch, cancellationToken);
    }

    private async Task<Branch> CreateBranchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var general = new Service { Id = Guid.NewGuid(), Name = "General", Prefix = "A", SortOrder = 1 };
        var billing = new Service { Id = Guid.NewGuid(), Name = "Billing", Prefix = "B", SortOrder = 2 };
        var branch = new Branch
        {
            Id = Guid.NewGuid(), Slug = BranchSlug, Name = "Demo branch", CreatedAt = now,
            Services = [general, billing],
            Desks =
            [
                new Desk { Id = Guid.NewGuid(), Name = "Desk 1", SortOrder = 1, Services = [general, billing] },
                new Desk { Id = Guid.NewGuid(), Name = "Desk 2", SortOrder = 2, Services = [general] },
                new Desk { Id = Guid.NewGuid(), Name = "Desk 3", SortOrder = 3, Services = [billing] },
            ],
        };
        db.Branches.Add(branch);
        await db.SaveChangesAsync(cancellationToken);
        Log.BranchCreated(logger, BranchSlug);
        return branch;
    }

    private async Task EnsureApiClientAsync(Branch branch, CancellationToken cancellationToken)
    {
        var configured = NullIfEmpty(options.Value.ApiKey);
        var client = await db.ApiClients.SingleOrDefaultAsync(
            c => c.BranchId == branch.Id && c.Name == ApiClientName, cancellationToken);
        if (client is not null && (configured is null || client.KeyHash == ApiKeys.Hash(configured)))
        {
            return;
        }

        var key = configured ?? ApiKeys.Generate();
        if (client is null)
        {
            db.ApiClients.Add(new ApiClient
            {
                Id = Guid.NewGuid(), BranchId = branch.Id, Name = ApiClientName, KeyHash = ApiKeys.Hash(key),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
        }
        else
        {
            client.KeyHash = ApiKeys.Hash(key);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (configured is null)
        {
            banner.DemoApiKey(ApiClientName, key);
        }
    }

    // An empty setting (an environment variable set to nothing) counts as absent.
    private static string? NullIfEmpty(string? setting) => string.IsNullOrEmpty(setting) ? null : setting;

    // Meets Identity's default rules: upper, lower, digit and a symbol.
    private static string NewPassword() =>
        "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)) + "-" + RandomNumberGenerator.GetInt32(10, 99) + "x";

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "Seeding the demo logins failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Information, "Seeded the demo branch '{Branch}'", EventName = "DemoBranchSeeded")]
        public static partial void BranchCreated(ILogger logger, string branch);

        // Retired: 2002 DemoLogins, 2003 DemoApiKey, 2004 DemoLoginsConfigured (warnings printed while
        // seeding, among other output); StartBanner's 2005 ReceptionRunning says it all in one block.
    }
}

public static class DemoExtensions
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>()
            .Bind(builder.Configuration.GetSection(DemoOptions.Section))
            .Validate(o => string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal),
                $"Reception:Demo:ApiKey must start with \"{ApiKeys.Prefix}\": only such bearer values are read as API keys, so this key " +
                $"could never sign in. Set a key that starts with {ApiKeys.Prefix}, or remove the setting to have one generated.")
            .ValidateOnStart();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddSingleton<StartBanner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartBanner>());
        return builder;
    }
}
