namespace Reception.Bench.Suite;

/// <summary>
/// Alternates a candidate (A) and its baseline (B): one discarded repetition of each first (JIT,
/// caches, connection pools), then <c>rounds</c> of A-B-B-A, so slow drift (table growth, a
/// checkpoint, a neighbour on the machine) falls on both alike.
/// </summary>
internal static class Abba
{
    /// <param name="warmUp">False skips the discarded pair: only for samples that each start from a
    /// fresh process anyway, in short mode.</param>
    public static async Task<(IReadOnlyList<T> Candidate, IReadOnlyList<T> Baseline)> RunAsync<T>(
        int rounds, Func<Task<T>> candidate, Func<Task<T>> baseline, Action<string, T>? log = null, bool warmUp = true)
    {
        async Task<T> Run(string label, Func<Task<T>> side)
        {
            var sample = await side();
            log?.Invoke(label, sample);
            return sample;
        }

        if (warmUp)
        {
            await Run("warm-up candidate", candidate);
            await Run("warm-up baseline", baseline);
        }

        List<T> a = [], b = [];
        for (var round = 1; round <= rounds; round++)
        {
            a.Add(await Run($"round {round} candidate", candidate));
            b.Add(await Run($"round {round} baseline", baseline));
            b.Add(await Run($"round {round} baseline", baseline));
            a.Add(await Run($"round {round} candidate", candidate));
        }

        return (a, b);
    }
}
