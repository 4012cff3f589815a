using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Web.Infrastructure;

namespace Reception.Web.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Hangfire for the inbox's retries and the hourly retention job: PostgreSQL storage in
    /// production, in memory on the embedded default (durability lives in the inbox table either
    /// way, and the retention job is scheduled again at every start).
    /// </summary>
    public static WebApplicationBuilder AddReceptionJobs(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<JobsOptions>()
            .Bind(configuration.GetSection(JobsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Registered per app, not through Hangfire's global JobStorage.Current, so that several
        // hosts in one process (tests, benchmarks) never share a job store.
        builder.Services.AddSingleton<JobStorage>(sp =>
            DataServiceCollectionExtensions.ProviderFor(configuration) == DatabaseProvider.Postgres
                ? PostgresStorage(configuration, sp.GetRequiredService<IOptions<JobsOptions>>().Value)
                : new InMemoryStorage());

        // Likewise the activator that builds a job's services: AddHangfire's default is the global
        // JobActivator.Current, which the last host to start points at its own container. With several
        // hosts in one process a job could run against another host's database (it found nothing to
        // do, and this host's inbox row stayed pending) or its disposed container.
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, c) => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new ShieldedLogProvider(
                new Hangfire.AspNetCore.AspNetCoreLogProvider(services.GetRequiredService<ILoggerFactory>()))));
        builder.Services.AddHangfireServer((sp, o) =>
        {
            var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            o.SchedulePollingInterval = jobs.PollInterval;
            o.WorkerCount = jobs.Workers;
        });
        builder.Services.AddScoped<IInboxScheduler, HangfireInboxScheduler>();
        builder.Services.AddHostedService<InboxRecovery>();
        builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }

    /// <summary>
    /// The Hangfire dashboard at /hangfire, for admins only: it shows every branch's jobs and their
    /// arguments, while a manager may see only their own branch.
    /// </summary>
    public static WebApplication MapReceptionJobs(this WebApplication app)
    {
        app.UseHangfireDashboard(SecurityHeaders.HangfirePath, new DashboardOptions
        {
            Authorization = [new AdminsOnly()],
            DashboardTitle = "Reception background retries",
            AppPath = "/",
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    private static PostgreSqlStorage PostgresStorage(IConfiguration configuration, JobsOptions jobs)
    {
        var options = new PostgreSqlStorageOptions { QueuePollInterval = jobs.PollInterval, PrepareSchemaIfNecessary = true };
        var connection = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
        return new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connection, options), options);
    }

    private sealed class AdminsOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
