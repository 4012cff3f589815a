using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ScottPlot;

namespace Reception.Bench.Suite;

/// <summary>Writes report.md and chart.png: every figure beside its baseline, its target and whether it was met.</summary>
internal static class SuiteReport
{
    public static async Task<string> WriteAsync(string folder, IReadOnlyList<Figure> figures, IReadOnlyList<string> failures,
        string environment, bool quick, TimeSpan took, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var markdown = Markdown(figures, failures, environment, quick, took);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), markdown, cancellationToken);
        Chart(figures, Path.Combine(folder, "chart.png"));
        return markdown;
    }

    private static string Markdown(IReadOnlyList<Figure> figures, IReadOnlyList<string> failures, string environment,
        bool quick, TimeSpan took)
    {
        var text = new StringBuilder();
        var met = figures.Count(f => f.Met == true);
        var judged = figures.Count(f => f.Met is not null);
        text.AppendLine(CultureInfo.InvariantCulture, $"# Reception benchmark suite{(quick ? " (short mode)" : "")}");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {environment}. Took {took.TotalMinutes:F1} min."));
        text.AppendLine();
        text.AppendLine($"Targets met: {met} of {judged}. " +
            "Each figure: median of the timed repetitions (min–max), candidate and baseline alternated A-B-B-A after " +
            "a discarded warm-up pair; *noisy* when a side's repetitions differ by more than 30 % of their median.");
        text.AppendLine();
        text.AppendLine("![each figure against its target](chart.png)");
        text.AppendLine();
        foreach (var scenario in figures.GroupBy(f => f.Scenario))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"## {scenario.Key}");
            text.AppendLine();
            text.AppendLine("| measure | candidate | baseline | ratio | target | met | noisy |");
            text.AppendLine("| --- | ---: | ---: | ---: | --- | --- | --- |");
            foreach (var f in scenario)
            {
                var baseline = f.Baseline is { } b ? $"{f.BaselineName}: {b.Format(f.Unit)}" : "—";
                var ratio = f.Ratio is { } r ? Stats.Number(r) + " x" : "—";
                var verdict = f.Met switch { true => "yes", false => "**no**", null => "—" };
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {f.Measure} | {f.Candidate.Format(f.Unit)} | {baseline} | {ratio} | {f.Target?.Text ?? "—"} | {verdict} | {(f.Noisy ? "noisy" : "")} |");
            }

            var notes = scenario.Where(f => f.Note is not null).Select(f => $"- {f.Measure}: {f.Note}").ToList();
            if (notes.Count > 0)
            {
                text.AppendLine();
                notes.ForEach(n => text.AppendLine(n));
            }

            text.AppendLine();
        }

        if (failures.Count > 0)
        {
            text.AppendLine("## Scenarios that failed");
            text.AppendLine();
            foreach (var failure in failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
            }
        }

        return text.ToString();
    }

    /// <summary>One bar per judged figure: how far it is from its target (1 = the target, above = better).</summary>
    private static void Chart(IReadOnlyList<Figure> figures, string path)
    {
        var judged = figures.Where(f => f.Headroom is not null).ToList();
        var plot = new Plot();
        plot.Title("Each figure against its target (1 = target; right of the line = met)");
        var bars = judged.Select((f, i) => new Bar
        {
            Position = judged.Count - i,
            Value = Math.Log2(f.Headroom!.Value),
            FillColor = f.Met == true ? Colors.SeaGreen : Colors.IndianRed,
            Orientation = Orientation.Horizontal,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Left.SetTicks(
            judged.Select((_, i) => (double)(judged.Count - i)).ToArray(),
            judged.Select(f => $"{f.Scenario}: {f.Measure}").ToArray());
        // Powers of two over the bars' whole range, labelled 1/8 x … 1 x … 32 x.
        var values = bars.Select(b => b.Value).Append(0).ToList();
        var ticks = Enumerable.Range((int)Math.Floor(values.Min()), (int)Math.Ceiling(values.Max()) - (int)Math.Floor(values.Min()) + 1)
            .Select(t => (double)t).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => (t >= 0 ? $"{Math.Pow(2, t):0}" : $"1/{Math.Pow(2, -t):0}") + " x").ToArray());
        plot.Axes.Bottom.Label.Text = "headroom over the target (log scale)";
        plot.Add.VerticalLine(0, 2, Colors.Black);
        plot.Axes.Margins(left: 0.05, right: 0.05);
        plot.SavePng(path, 1100, 140 + 34 * Math.Max(judged.Count, 3));
    }
}
