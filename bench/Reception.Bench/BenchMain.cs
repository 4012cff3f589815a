using System.Runtime.InteropServices;
using Npgsql;

namespace Reception.Bench;

/// <summary>
/// Applies N actions through the whole pipeline on PostgreSQL and, in the same run, the same
/// writes as raw Npgsql transactions, and compares actions/s. Run it with scripts/bench.sh.
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [Suite.Memory.RawWebSocketServer.Flag])
        {
            return await Suite.Memory.RawWebSocketServer.ServeAsync(); // the memory scenario's baseline, as a child process
        }

        switch (BenchOptions.SplitScenario(args))
        {
            case (null, _):
                Console.Error.WriteLine($"--scenario takes {BenchOptions.Pipeline}, {BenchOptions.Fanout}, {BenchOptions.Suite} or {BenchOptions.Status}.");
                return 2;
            case (BenchOptions.Fanout, var rest):
                return await FanoutMain.RunAsync(rest);
            case (BenchOptions.Suite, var rest):
                return await Suite.SuiteMain.RunAsync(rest);
            case (BenchOptions.Status, var rest):
                return await Suite.SuiteMain.RunAsync(["--only", "status", .. rest]);
            case (_, var rest):
                args = [.. rest];
                break;
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            return Usage(error, BenchOptions.Usage);
        }

        if (BenchDatabase.ServerConnectionString is not { } server)
        {
            Console.Error.WriteLine(
                $"{BenchDatabase.Variable} is not set, so there is no PostgreSQL to measure against. Run `bash scripts/bench.sh {string.Join(' ', args)}`, " +
                "which starts a throwaway PostgreSQL with fsync and synchronous_commit on and sets it; or set it to a connection string " +
                "for a server where the benchmark may create a database.");
            return 2;
        }

        string? database = null;
        return await RunAsync(
            async cancellationToken =>
            {
                database = await BenchDatabase.CreateAsync(server, cancellationToken);
                Console.WriteLine(await BenchDatabase.DescribeAsync(database, cancellationToken));
                await using var app = new BenchApp(database, options.Environment);
                app.Start();
                await using var raw = new RawSide(app, RawSide.DataSource(database, options.RawPrepared));
                var measurements = await Runner.RunAsync(new PipelineSide(app), raw, options,
                    () => BenchDatabase.CheckpointAsync(database, cancellationToken), Console.Out, cancellationToken);
                if (options.Profile)
                {
                    await ProfileRun.RunAsync(database, options, Console.Out, cancellationToken);
                }

                Report.Print(measurements, options, Console.Out);
            },
            async () =>
            {
                if (database is not null)
                {
                    // Not the run's token: an interrupted run still cleans up.
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await BenchDatabase.DropAsync(server, database, timeout.Token);
                }
            });
    }

    /// <summary>Prints the usage when asked for it (exit code 0), or the error and the usage (2).</summary>
    internal static int Usage(string? error, string usage)
    {
        if (error is not { Length: > 0 })
        {
            Console.WriteLine(usage);
            return 0;
        }

        Console.Error.WriteLine(error);
        Console.Error.WriteLine(usage);
        return 2;
    }

    /// <summary>
    /// Runs one measurement to an exit code. Ctrl+C and SIGTERM (scripts/bench.sh stops an interrupted
    /// run with it) cancel it; <paramref name="cleanUp"/> runs however it ends.
    /// </summary>
    internal static async Task<int> RunAsync(Func<CancellationToken, Task> measure, Func<Task> cleanUp)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        // The app's host stops on SIGTERM too; instances in processes of their own are killed on the way out.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cancel.Cancel());

        try
        {
            await measure(cancel.Token);
            return 0;
        }
        catch (BenchFailure e)
        {
            Console.Error.WriteLine($"The benchmark failed: {e.Message}");
            return 1;
        }
        catch (Exception) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted.");
            return 130;
        }
        catch (Exception e)
        {
            // Typically the app or an instance failing to start (a missing migration, a configuration it
            // now requires; an instance's output is in the message).
            Console.Error.WriteLine($"The benchmark failed: {e}");
            return 1;
        }
        finally
        {
            await cleanUp();
        }
    }
}
