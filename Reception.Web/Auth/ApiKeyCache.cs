using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Reception.Web.Auth;

/// <summary>An API key's client, as a request needs it: only active, unrevoked keys are remembered.</summary>
public sealed record ApiKeyClient(Guid Id, string Name, Guid BranchId);

/// <summary>
/// Valid API keys by hash, remembered per instance for <c>Reception:Auth:SessionCheck</c> (5 s), and
/// renewed while in use by <see cref="ApiKeyRenewal"/>, which checks every key used since its last
/// round in one query: a legacy system or a desk pushing every few seconds costs no lookup on its
/// requests at all, and the instance one query per half interval for all its keys. Invariants: a key
/// revoked on this instance is forgotten at once (<see cref="Forget"/>) and a renewal never brings it
/// back; on any other instance it is refused within SessionCheck (the renewal's round, or the
/// entry's end), as a signed-out cookie is. Unknown and revoked keys are never remembered: they are
/// looked up every time.
/// </summary>
public sealed class ApiKeyCache(IOptions<ReceptionAuthOptions> options, TimeProvider clock)
{
    /// <summary>Keys remembered at most; past it the memory starts again from empty (it is only a shortcut).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _known = new(StringComparer.Ordinal);

    public ApiKeyClient? Find(string hash)
    {
        if (!_known.TryGetValue(hash, out var known) || known.Until <= clock.GetUtcNow().UtcTicks)
        {
            return null;
        }

        known.Used = true;
        return known.Client;
    }

    public void Remember(string hash, ApiKeyClient client)
    {
        if (Lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known[hash] = new Entry(client, (clock.GetUtcNow() + Lifetime).UtcTicks);
    }

    /// <summary>The key of client <paramref name="clientId"/> was revoked: this instance refuses it from now on.</summary>
    public void Forget(Guid clientId)
    {
        foreach (var (hash, known) in _known)
        {
            if (known.Client.Id == clientId)
            {
                _known.TryRemove(hash, out _);
            }
        }
    }

    /// <summary>The keys used since the last renewal (and still remembered): the ones worth checking again.</summary>
    public IReadOnlyList<string> InUse() => [.. _known.Where(k => k.Value.Used).Select(k => k.Key)];

    /// <summary>
    /// The result of checking <paramref name="checkedHashes"/> against the database as it was at
    /// <paramref name="checkedAt"/> (taken before the query): those still valid are remembered for
    /// another SessionCheck from then, the others forgotten, and expired entries dropped. Only keys
    /// still remembered are renewed: one forgotten meanwhile (revoked here) stays forgotten.
    /// </summary>
    public void Renew(IReadOnlyList<string> checkedHashes, IReadOnlySet<string> valid, DateTimeOffset checkedAt)
    {
        var until = (checkedAt + Lifetime).UtcTicks;
        foreach (var hash in checkedHashes)
        {
            if (!_known.TryGetValue(hash, out var known))
            {
                continue;
            }

            if (valid.Contains(hash))
            {
                known.Used = false;
                known.Until = Math.Max(known.Until, until);
            }
            else
            {
                _known.TryRemove(new KeyValuePair<string, Entry>(hash, known));
            }
        }

        var now = clock.GetUtcNow().UtcTicks;
        foreach (var (hash, known) in _known)
        {
            if (known.Until <= now)
            {
                _known.TryRemove(new KeyValuePair<string, Entry>(hash, known));
            }
        }
    }

    /// <summary>How long a key is remembered after it was last found valid (SessionCheck; zero: never).</summary>
    public TimeSpan Lifetime => options.Value.SessionCheck;

    private sealed class Entry(ApiKeyClient client, long until)
    {
        private long _until = until;
        private volatile bool _used;

        public ApiKeyClient Client { get; } = client;

        /// <summary>UTC ticks until which the key is taken as valid without asking the database.</summary>
        public long Until
        {
            get => Interlocked.Read(ref _until);
            set => Interlocked.Exchange(ref _until, value);
        }

        public bool Used
        {
            get => _used;
            set => _used = value;
        }
    }
}
