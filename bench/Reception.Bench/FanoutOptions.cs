using System.Globalization;

namespace Reception.Bench;

/// <summary>The fan-out scenario's command line: <c>--scenario fanout [--pushes N] [--rounds R] [--warmup W] [--short]</c>.</summary>
internal sealed record FanoutOptions(int Pushes, int Rounds, int Warmup)
{
    public const string Usage = """
        Usage: bash scripts/bench.sh --scenario fanout [--pushes N] [--rounds R] [--warmup W] [--short]

          --pushes N    pushes per timed run, each after an Echo call (default 1000)
          --rounds R    rounds after the warm-up (default 2); a round is a run on one instance,
                        two on two instances, and one on one instance again
          --warmup W    pushes per setup in the discarded warm-up (default 1000)
          --short       a quick look: --pushes 300 --rounds 1 --warmup 300 unless given
        """;

    public static (FanoutOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        int? pushes = null, rounds = null, warmup = null;
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");

            try
            {
                switch (arg)
                {
                    case "--pushes": pushes = Positive(arg, Value()); break;
                    case "--rounds": rounds = Positive(arg, Value()); break;
                    case "--warmup": warmup = Positive(arg, Value()); break;
                    case "--short": quick = true; break;
                    case "--help" or "-h": throw new FormatException("");
                    default: throw new FormatException($"Unknown argument '{arg}' for --scenario fanout.");
                }
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        var options = quick
            ? new FanoutOptions(pushes ?? 300, rounds ?? 1, warmup ?? 300)
            : new FanoutOptions(pushes ?? 1000, rounds ?? 2, warmup ?? 1000);
        // A p99 of fewer than 100 samples is just the maximum.
        return options.Pushes < 100 ? (null, "--pushes must be at least 100: the p99 needs them.") : (options, null);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} takes a whole number above 0, not '{value}'.");
}
