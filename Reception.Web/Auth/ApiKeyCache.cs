using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Reception.Web.Auth;

/// <summary>An API key's client, as a request needs it: only active, unrevoked keys are remembered.</summary>
public sealed record ApiKeyClient(Guid Id, string Name, Guid BranchId);

/// <summary>
/// Valid API keys by hash, remembered per instance for <c>Reception:Auth:SessionCheck</c> (5 s), so a
/// legacy system pushing many times a second costs one lookup per key per interval, not one per
/// request. Invariant: a key revoked on this instance is forgotten at once (<see cref="Forget"/>);
/// on any other instance it is refused within SessionCheck, as a signed-out cookie is. Unknown and
/// revoked keys are never remembered: they are looked up every time.
/// </summary>
public sealed class ApiKeyCache(IOptions<ReceptionAuthOptions> options, TimeProvider clock)
{
    /// <summary>Keys remembered at most; past it the memory starts again from empty (it is only a shortcut).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKeyClient Client, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public ApiKeyClient? Find(string hash) =>
        _known.TryGetValue(hash, out var known) && known.Until > clock.GetUtcNow() ? known.Client : null;

    public void Remember(string hash, ApiKeyClient client)
    {
        var remember = options.Value.SessionCheck;
        if (remember <= TimeSpan.Zero)
        {
            return;
        }

        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known[hash] = (client, clock.GetUtcNow() + remember);
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
}
