using System.Globalization;

namespace Reception.Bench;

/// <summary>The command line: <c>--actions N --desks D --rounds R --warmup W --profile --raw-prepared</c>.</summary>
internal sealed record BenchOptions(int Actions, int Desks, int Rounds, int Warmup, bool Profile, string Environment,
    bool RawPrepared = false)
{
    public const string Usage = """
        Usage: bash scripts/bench.sh [--actions N] [--desks D] [--rounds R] [--warmup W] [--profile] [--raw-prepared] [--environment NAME]

          --actions N   actions per timed run and side (default 2000)
          --desks D     desks pushing in parallel on one branch, each its own client (default 1)
          --rounds R    A-B-B-A rounds after the warm-up (default 2: 4 timed runs per side)
          --warmup W    actions per side in the discarded warm-up run (default 4000: the JIT
                        needs a few thousand pushes before the pipeline runs at its steady speed)
          --profile     also count the pipeline's SQL round trips and time per action type
          --raw-prepared  give the raw baseline the app's own Npgsql settings (automatic
                        preparation on); by default it runs on Npgsql's defaults
          --environment NAME   ASP.NET Core environment of the app under test (default Production)

        Other scenarios: --scenario fanout (the hub's broadcast latency; --scenario fanout --help);
        --scenario suite (every scenario, with a report; --scenario suite --help);
        --scenario status (the suite's status-page scenario alone, with its report; takes --short and --out).
        """;

    public const string Pipeline = "pipeline";
    public const string Fanout = "fanout";
    public const string Suite = "suite";
    public const string Status = "status";

    /// <summary>Takes <c>--scenario NAME</c> (default pipeline) out of the arguments; the rest belong to that scenario.</summary>
    public static (string? Scenario, IReadOnlyList<string> Others) SplitScenario(IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf("--scenario");
        if (at < 0)
        {
            return (Pipeline, args);
        }

        var scenario = at + 1 < args.Count && args[at + 1] is Pipeline or Fanout or Suite or Status ? args[at + 1] : null;
        return (scenario, args.Where((_, i) => i != at && i != at + 1).ToList());
    }

    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(2000, 1, 2, 4000, false, "Production");
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value.");

            try
            {
                options = arg switch
                {
                    "--actions" => options with { Actions = Positive(arg, Value()) },
                    "--desks" => options with { Desks = Positive(arg, Value()) },
                    "--rounds" => options with { Rounds = Positive(arg, Value()) },
                    "--warmup" => options with { Warmup = Positive(arg, Value()) },
                    "--profile" => options with { Profile = true },
                    "--raw-prepared" => options with { RawPrepared = true },
                    "--environment" => options with { Environment = Value() },
                    "--help" or "-h" => throw new FormatException(""),
                    _ => throw new FormatException($"Unknown argument '{arg}'."),
                };
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        return options.Actions < options.Desks || options.Warmup < options.Desks
            ? (null, $"--actions and --warmup must be at least --desks ({options.Desks}): every desk pushes.")
            : (options, null);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} takes a whole number above 0, not '{value}'.");
}
