using System.Diagnostics;
using System.Net;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// nginx in front of test instances, with the repository's own deploy/nginx/reception.conf.template
/// (the file docker-compose.yml mounts), its two placeholders filled in as the nginx image's envsubst
/// does, and included from a small main config that keeps every file under a temp directory.
/// Runs in the foreground as a child process; disposing kills it.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string Template => Path.Combine(RepositoryRoot, "deploy", "nginx", "reception.conf.template");

    public static async Task<NginxServer> StartAsync(IEnumerable<Uri> instances, CancellationToken cancellationToken)
    {
        var executable = new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed. Run the suite with `bash scripts/test.sh`, which installs it.");
        var port = ServerProcess.FreePort();
        var site = (await File.ReadAllTextAsync(Template, cancellationToken))
            .Replace("${RECEPTION_UPSTREAMS}", string.Concat(instances.Select(i => $"server {i.Authority}; ")), StringComparison.Ordinal)
            .Replace("${RECEPTION_LISTEN}", $"127.0.0.1:{port}", StringComparison.Ordinal);
        Assert.DoesNotContain("${RECEPTION_", site);

        var directory = Directory.CreateTempSubdirectory("reception-nginx-").FullName;
        try
        {
            // nginx's workers drop root (to nobody) and must still reach their temp directories.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            }

            await File.WriteAllTextAsync(Path.Combine(directory, "reception.conf"), site, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
                daemon off;
                worker_processes 1;
                pid {{directory}}/nginx.pid;
                error_log stderr warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path {{directory}}/client_body;
                    proxy_temp_path {{directory}}/proxy;
                    fastcgi_temp_path {{directory}}/fastcgi;
                    uwsgi_temp_path {{directory}}/uwsgi;
                    scgi_temp_path {{directory}}/scgi;
                    include {{directory}}/reception.conf;
                }
                """, cancellationToken);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", "stderr" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NginxServer(process, directory, new Uri($"http://127.0.0.1:{port}"));

        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited with code {process.ExitCode}:\n{string.Join('\n', output)}");
                }

                try
                {
                    using var response = await probe.GetAsync("/health/live", cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a worker may still be letting go of a temp file; /tmp is cleaned anyway
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Reception.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("The repository root (with Reception.sln) is not above the test assembly.");
        }
    }
}
