using System.Collections.Concurrent;

namespace Reception.Testing.Processes;

/// <summary>The last lines a server printed, each marked with its name: what a failure message shows.</summary>
public sealed class OutputTail(string name, int kept)
{
    private readonly ConcurrentQueue<string> _lines = new();

    public string Name { get; } = name;

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue($"[{Name}] {line}");
        while (_lines.Count > kept && _lines.TryDequeue(out _))
        {
        }
    }

    public bool Contains(string text) => _lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public override string ToString() => string.Join('\n', _lines);
}
