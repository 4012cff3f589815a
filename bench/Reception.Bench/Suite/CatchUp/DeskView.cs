using System.Text.Json;
using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// What a desk holds of its branch, kept as the browser keeps it (wwwroot/js/feed.js, db.js):
/// - a snapshot, then every visit it is given, each replacing the held one only when not older;
/// - <see cref="Version"/> moves only over changes that continue right after it: a batch that
///   starts later is a gap, and the desk pulls.
/// Thread-safe: broadcasts, pulls and push results arrive on different threads.
/// </summary>
internal sealed class DeskView
{
    private static readonly string[] Open =
        [StatusNames.Of(VisitStatus.Waiting), StatusNames.Of(VisitStatus.Called), StatusNames.Of(VisitStatus.Serving)];

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, VisitDto> _visits;
    private long _version;

    private DeskView(Dictionary<Guid, VisitDto> visits, long version)
    {
        _visits = visits;
        _version = version;
    }

    public static DeskView FromSnapshot(PullResponse pull)
    {
        var view = new DeskView([], 0);
        view.Replace(pull);
        return view;
    }

    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>A copy, as it stands now: what the desk held at one moment.</summary>
    public DeskView Copy()
    {
        lock (_gate)
        {
            return new DeskView(new Dictionary<Guid, VisitDto>(_visits), _version);
        }
    }

    /// <summary>A snapshot (the answer to a pull since 0): it replaces everything held.</summary>
    public void Replace(PullResponse pull)
    {
        var visits = pull.Snapshot?.Visits ?? throw new BenchFailure($"A snapshot was expected, not changes (to version {pull.ToVersion}).");
        lock (_gate)
        {
            _visits.Clear();
            foreach (var visit in visits)
            {
                _visits[visit.Id] = visit;
            }

            _version = pull.ToVersion;
        }
    }

    /// <summary>Changes that continue after <paramref name="after"/>; false, and nothing applied, on a gap.</summary>
    public bool Merge(long after, long toVersion, IEnumerable<ChangeDto> changes)
    {
        lock (_gate)
        {
            if (after > _version)
            {
                return false;
            }

            if (toVersion > _version)
            {
                foreach (var change in changes)
                {
                    PutLocked(change.Visit);
                }

                _version = toVersion;
            }

            return true;
        }
    }

    /// <summary>A visit from a push's result: newer than what is held, but says nothing of the versions before it.</summary>
    public void Put(VisitDto visit)
    {
        lock (_gate)
        {
            PutLocked(visit);
        }
    }

    /// <summary>
    /// Where this view and the server's snapshot differ, in words; empty when they are equal:
    /// the same version, every visit of the snapshot held and equal in every field, and any other
    /// visit held a closed one (a snapshot leaves out closed visits of earlier days).
    /// </summary>
    public IReadOnlyList<string> DifferencesFrom(PullResponse server)
    {
        var visits = server.Snapshot?.Visits ?? throw new BenchFailure("The server's state must be a snapshot (a pull since 0).");
        lock (_gate)
        {
            var differences = new List<string>();
            if (_version != server.ToVersion)
            {
                differences.Add($"the desk holds version {_version}, the server is at {server.ToVersion}");
            }

            foreach (var visit in visits)
            {
                if (!_visits.TryGetValue(visit.Id, out var held))
                {
                    differences.Add($"visit {visit.Ticket} ({visit.Id}) is missing");
                }
                else if (held != visit)
                {
                    differences.Add($"visit {visit.Ticket} differs: {FieldsApart(held, visit)}");
                }
            }

            var listed = visits.Select(v => v.Id).ToHashSet();
            differences.AddRange(_visits.Values
                .Where(v => !listed.Contains(v.Id) && Open.Contains(v.Status))
                .Select(v => $"visit {v.Ticket} ({v.Id}) is held as {v.Status} but the server does not list it"));
            return differences;
        }
    }

    private static string FieldsApart(VisitDto held, VisitDto server)
    {
        var mine = JsonSerializer.SerializeToElement(held, WireJson.Options);
        var theirs = JsonSerializer.SerializeToElement(server, WireJson.Options);
        return string.Join(", ", mine.EnumerateObject()
            .Select(f => (f.Name, Desk: f.Value.GetRawText(), Server: theirs.GetProperty(f.Name).GetRawText()))
            .Where(f => f.Desk != f.Server)
            .Select(f => $"{f.Name} {f.Desk} on the desk, {f.Server} on the server"));
    }

    private void PutLocked(VisitDto visit)
    {
        if (!_visits.TryGetValue(visit.Id, out var held) || visit.Version >= held.Version)
        {
            _visits[visit.Id] = visit;
        }
    }
}
