using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace Reception.Web.Jobs;

/// <summary>
/// Hangfire's log provider is process-global. When several hosts share a process (tests,
/// benchmarks) and one is disposed, its logger factory must not break the others' jobs:
/// logging to a disposed factory is dropped instead of thrown.
/// </summary>
internal sealed class ShieldedLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new Shielded(() => inner.GetLogger(name));

    private sealed class Shielded(Func<ILog> create) : ILog
    {
        private ILog? _inner;

        public bool Log(HangfireLevel logLevel, Func<string> messageFunc, Exception exception = null!)
        {
            try
            {
                return (_inner ??= create()).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
