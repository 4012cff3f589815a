using System.Diagnostics;
using Reception.Testing.Processes;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// nginx in front of test instances, with the repository's own deploy/nginx/reception.conf.template
/// (the file docker-compose.yml mounts), its two placeholders filled in as the nginx image's envsubst
/// does, and included from a small main config that keeps every file under a temp directory.
/// Runs in the foreground as a child process; disposing kills it.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private static readonly HttpReadiness Live = new("/health/live", ProbeTimeout: TimeSpan.FromSeconds(5), Poll: TimeSpan.FromMilliseconds(50));
    private readonly ChildProcess _process;
    private readonly string _directory;

    private NginxServer(ChildProcess process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static string Template => Path.Combine(RepositoryRoot, "deploy", "nginx", "reception.conf.template");

    public static async Task<NginxServer> StartAsync(IEnumerable<Uri> instances, CancellationToken cancellationToken)
    {
        var executable = Tool.Find(["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"],
            "nginx is not installed. Run the suite with `bash scripts/test.sh`, which installs it.");
        var port = Tool.FreePort();
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
        };
        var server = new NginxServer(ChildProcess.Start(start, new OutputTail("nginx", 200)), directory, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Live.WaitAsync(server._process, server.BaseAddress, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
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
