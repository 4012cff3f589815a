using System.Diagnostics;

namespace Reception.Testing.Processes;

/// <summary>A redis-server in the foreground on a loopback port that keeps nothing: stopped and started again, it is empty.</summary>
public static class RedisProcess
{
    /// <summary>Starts it; <paramref name="missing"/> says how to install it. Waiting until it answers is the caller's.</summary>
    public static ChildProcess Start(int port, string missing)
    {
        var executable = Tool.Find(["/usr/bin/redis-server", "/usr/local/bin/redis-server"], missing);
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", Path.GetTempPath(),
            },
        };
        return ChildProcess.Start(start, new OutputTail("redis-server", 50));
    }
}
