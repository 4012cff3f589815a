using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Telemetry;

namespace Reception.Sync;

public static class SyncServiceCollectionExtensions
{
    /// <summary>The apply pipeline's own services; its Mediator handlers are registered by the host's AddMediator.</summary>
    public static IServiceCollection AddReceptionSync(this IServiceCollection services)
    {
        services.AddScoped<ActionApplier>();
        services.AddScoped<Ledger>();
        services.AddScoped<ActionDecider>();
        services.AddScoped<ChangeWriter>();
        services.AddScoped<Inbox>();
        services.AddSingleton<BranchAccess>();
        services.AddSingleton<ClientOwnership>();
        services.AddSingleton<BranchCatalog>();
        services.AddSingleton<AppliedMarks>();
        services.AddSingleton<BranchGates>();
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<CommitAnnouncer>();
        services.AddSingleton<ReceptionTelemetry>(); // needs the host's IMeterFactory (AddMetrics)
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
