using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data;
using Reception.Data.Providers;

namespace Reception.Bench;

/// <summary>
/// The real application, in-process, on the benchmark's database: its composition root, its
/// migrations, its Mediator pipeline. No HTTP is involved; <see cref="SendAsync{T}"/> is what a
/// transport does per request.
/// </summary>
internal sealed class BenchApp(string connectionString, string environment, IInterceptor? interceptor = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Reception", connectionString);
        builder.UseSetting("Reception:Demo:Enabled", "false");
        // Start-up chatter only; the apply pipeline logs per action at Debug, which stays off.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Migrating a fresh database logs its probe of the missing history table as a failed command.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        if (interceptor is not null)
        {
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<PostgresReceptionDbContext>(o => o.AddInterceptors(interceptor)));
        }
    }

    /// <summary>Builds the host now: migrations run here, not inside the first timed run.</summary>
    public void Start() => _ = Services;

    public async Task<T> SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    public async Task<T> WithDbAsync<T>(Func<ReceptionDbContext, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReceptionDbContext>(), cancellationToken);
    }
}
