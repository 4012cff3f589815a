using Reception.Sync.Apply;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Status;

/// <summary>
/// What one status page shows, kept as wwwroot/js/visitor/status.js keeps it (<c>render</c>): every
/// status its connection receives (the Watch answer and each <c>status</c> message) replaces the
/// shown one unless it is older (a lower feed version); an equal version replaces it too. The place
/// in line is the shown status's <c>ahead</c> while it is waiting, as the page's headline says it.
/// Safe to call from the connection's receive loop and a Watch answer at once.
/// </summary>
internal sealed class PageView
{
    private readonly Lock _lock = new();
    private VisitorStatusDto? _shown;

    public VisitorStatusDto? Shown
    {
        get
        {
            lock (_lock)
            {
                return _shown;
            }
        }
    }

    /// <summary>Shows <paramref name="status"/> unless it is older than the one shown; false when dropped.</summary>
    public bool Receive(VisitorStatusDto status)
    {
        lock (_lock)
        {
            if (_shown is { } shown && status.Version < shown.Version)
            {
                return false;
            }

            _shown = status;
            return true;
        }
    }
}

/// <summary>Where a visit stands in the server's truth: its status, and the visitors before it while waiting.</summary>
internal readonly record struct Standing(string Status, int? Ahead)
{
    public static Standing Of(VisitorStatusDto shown) => new(shown.Status, shown.Status == "waiting" ? shown.Ahead : null);

    public override string ToString() => Ahead is { } n ? $"{Status}, {n} before" : Status;
}

/// <summary>A page that shows something other than the truth (<see cref="Shown"/> null: it never showed anything).</summary>
internal sealed record WrongPage(Guid VisitId, Standing? Shown, Standing? Truth);

/// <summary>
/// The status pages' places in line checked against the server's truth: a desk's snapshot of the
/// branch, each service's waiting visitors in the server's own queue order
/// (<see cref="VisitQueue.PlaceInQueue"/>, the one definition), so the truth never passes through the
/// status pages' own server path.
/// </summary>
internal static class PlaceInLine
{
    public static IReadOnlyDictionary<Guid, Standing> Truth(Snapshot snapshot)
    {
        var truth = snapshot.Visits.ToDictionary(v => v.Id, v => new Standing(v.Status, null));
        foreach (var line in snapshot.Visits.Where(v => v.Status == "waiting").GroupBy(v => v.ServiceId))
        {
            var ahead = 0;
            foreach (var visit in line.OrderBy(v => v.PlaceInQueue()))
            {
                truth[visit.Id] = new Standing(visit.Status, ahead++);
            }
        }

        return truth;
    }

    /// <summary>Every page whose shown status or place differs from <paramref name="truth"/>.</summary>
    public static IReadOnlyList<WrongPage> Wrong(IEnumerable<(Guid VisitId, VisitorStatusDto? Shown)> pages,
        IReadOnlyDictionary<Guid, Standing> truth)
    {
        var wrong = new List<WrongPage>();
        foreach (var (visitId, shown) in pages)
        {
            Standing? seen = shown is null ? null : Standing.Of(shown);
            Standing? expected = truth.TryGetValue(visitId, out var t) ? t : null;
            if (seen is null || seen != expected)
            {
                wrong.Add(new WrongPage(visitId, seen, expected));
            }
        }

        return wrong;
    }
}
