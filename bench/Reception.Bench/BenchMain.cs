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
                Console.Error.WriteLine($"--scenario takes {BenchOptions.Pipeline}, {BenchOptions.Fanout} or {BenchOptions.Suite}.");
                return 2;
            case (BenchOptions.Fanout, var rest):
                return await FanoutMain.RunAsync(rest);
            case (BenchOptions.Suite, var rest):
                return await Suite.SuiteMain.RunAsync(rest);
            case (_, var rest):
                args = [.. rest];
                break;
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            if (error is not { Length: > 0 })
            {
                Console.WriteLine(BenchOptions.Usage);
                return 0;
            }

            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }

        if (BenchDatabase.ServerConnectionString is not { } server)
        {
            Console.Error.WriteLine(
                $"{BenchDatabase.Variable} is not set, so there is no PostgreSQL to measure against. Run `bash scripts/bench.sh {string.Join(' ', args)}`, " +
                "which starts a throwaway PostgreSQL with fsync and synchronous_commit on and sets it; or set it to a connection string " +
                "for a server where the benchmark may create a database.");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        // scripts/bench.sh stops an interrupted run with SIGTERM; the app's host stops on it too.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cancel.Cancel());

        string? database = null;
        try
        {
            database = await BenchDatabase.CreateAsync(server, cancel.Token);
            Console.WriteLine(await BenchDatabase.DescribeAsync(database, cancel.Token));
            await using (var app = new BenchApp(database, options.Environment))
            {
                app.Start();
                await using var raw = new RawSide(app, RawSide.DataSource(database, options.RawPrepared));
                var measurements = await Runner.RunAsync(new PipelineSide(app), raw, options,
                    () => BenchDatabase.CheckpointAsync(database, cancel.Token), Console.Out, cancel.Token);
                if (options.Profile)
                {
                    await ProfileRun.RunAsync(database, options, Console.Out, cancel.Token);
                }

                Report.Print(measurements, options, Console.Out);
            }

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
            // Typically the app failing to start (a missing migration, a configuration it now requires).
            Console.Error.WriteLine($"The benchmark failed: {e}");
            return 1;
        }
        finally
        {
            if (database is not null)
            {
                // Not the run's token: an interrupted run still cleans up.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await BenchDatabase.DropAsync(server, database, timeout.Token);
            }
        }
    }
}
