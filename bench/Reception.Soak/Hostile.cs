using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reception.Sync.Wire;

namespace Reception.Soak;

/// <summary>
/// Malformed and hostile requests over REST: wrong shapes, oversized batches, another branch,
/// expired and forged tokens, replayed mutation ids with another payload, ids from the future.
/// Each must answer 4xx; the checker then finds nothing of them stored (their client ids are the
/// hostile ones, or a desk's with a payload the desk never sent).
/// </summary>
internal sealed class Hostile(IReadOnlyList<Uri> instances, string apiKey, string signingKey, BranchInfo branch, int seed)
{
    private readonly Random _random = new(seed ^ 0xbad);

    public int Sent { get; private set; }

    /// <summary>5xx answers while a fault was in progress (a dependency down), not counted against the input.</summary>
    public int Excused { get; private set; }

    /// <summary>Bad single actions answered 202 deferred: checked later by the inbox's retry.</summary>
    public int Deferred { get; private set; }

    public List<string> DeferredKinds { get; } = [];
    public List<Guid> ClientIds { get; } = [];
    public List<string> Violations { get; } = [];

    /// <param name="quiet">True while no fault is in progress: only then is a 5xx surely the server's fault.</param>
    public async Task RunAsync(DateTime until, Func<bool> quiet, Func<IReadOnlyList<SoakDesk>> desks, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        while (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_random.Next(20, 120), cancellationToken);
            var calm = quiet();
            var (name, request) = Make(desks());
            var instance = instances[_random.Next(instances.Count)];
            request.RequestUri = new Uri(instance, request.RequestUri!.ToString());
            HttpStatusCode status;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                status = response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                continue; // the instance is down: no answer, nothing to judge
            }

            Sent++;
            if ((int)status is >= 400 and < 500)
            {
                continue;
            }

            if (status == HttpStatusCode.Accepted)
            {
                // A single action whose apply failed transiently (a lock timeout) before it could be checked:
                // it went to the inbox, whose retry answers it rejected. Counted and reported, not a 4xx; the
                // checker verifies nothing of it was applied.
                Deferred++;
                lock (DeferredKinds) DeferredKinds.Add(name);
                continue;
            }

            if ((int)status >= 500 && !(calm && quiet()))
            {
                Excused++; // the database or Redis was down meanwhile: not the input's fault
                continue;
            }

            Violations.Add($"bad input \"{name}\" answered {(int)status} on {instance}, not 4xx");
        }
    }

    private (string Name, HttpRequestMessage Request) Make(IReadOnlyList<SoakDesk> desks)
    {
        var client = Guid.NewGuid();
        lock (ClientIds) ClientIds.Add(client);
        object Register(Guid clientId, long mutation) => new
        {
            clientId, mutationId = mutation, type = "register", visitId = Guid.NewGuid(),
            args = new { serviceId = branch.Services[0], name = "Mallory" },
        };

        switch (_random.Next(10))
        {
            case 0:
                return ("actions is not an array", Push(apiKey, """{ "branch": "demo", "actions": "all of them" }"""));
            case 1:
                return ("not JSON", Push(apiKey, "{ branch: demo, actions: [ "));
            case 2:
                return ("oversized batch", Push(apiKey, JsonSerializer.Serialize(new
                {
                    branch = branch.Slug, actions = Enumerable.Range(1, 501).Select(i => Register(client, i)).ToArray(),
                })));
            case 3:
                return ("another branch", Push(apiKey, JsonSerializer.Serialize(new { branch = "elsewhere-" + _random.Next(1000), actions = new[] { Register(client, 1) } })));
            case 4:
                return ("expired token", Push(Token(signingKey, DateTimeOffset.UtcNow.AddHours(-2)), JsonSerializer.Serialize(new { branch = branch.Slug, actions = new[] { Register(client, 1) } })));
            case 5:
                return ("forged token", Push(Token("not-the-signing-key-not-the-signing-key", DateTimeOffset.UtcNow.AddHours(1)), JsonSerializer.Serialize(new { branch = branch.Slug, actions = new[] { Register(client, 1) } })));
            case 6:
                return ("no credential", Push(null, JsonSerializer.Serialize(new { branch = branch.Slug, actions = new[] { Register(client, 1) } })));
            case 7:
                return ("mutation id from the future", Single(JsonSerializer.Serialize(new { branch = branch.Slug, action = Register(client, 5) })));
            case 8:
                return ("wrong shape of an action", Single("""{ "branch": "demo", "action": { "clientId": 42, "mutationId": "x" } }"""));
            default:
            {
                // A desk's applied mutation id again, with another payload: refused, nothing applied.
                List<SyncAction> done;
                try
                {
                    done = desks.SelectMany(d => d.Issued.Values.Where(i => i.Final is not null).Take(50).Select(i => i.Action)).ToList();
                }
                catch (InvalidOperationException)
                {
                    done = []; // the desk's own loop changed it meanwhile
                }

                if (done.Count == 0) goto case 0;
                var victim = done[_random.Next(done.Count)];
                return ("replayed mutation id", Single(JsonSerializer.Serialize(new { branch = branch.Slug, action = Register(victim.ClientId, victim.MutationId) })));
            }
        }
    }

    private static HttpRequestMessage Push(string? credential, string body) => Post("/api/v1/sync/push", credential, body);

    private HttpRequestMessage Single(string body) => Post("/api/v1/sync/actions", apiKey, body);

    private static HttpRequestMessage Post(string path, string? credential, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (credential is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return request;
    }

    /// <summary>A JWT for the admin login, HS256-signed with <paramref name="key"/>, expiring at <paramref name="expires"/>.</summary>
    private static string Token(string key, DateTimeOffset expires)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = "admin", ["name"] = "admin", ["role"] = "Admin",
            ["iat"] = expires.AddHours(-1).ToUnixTimeSeconds(), ["nbf"] = expires.AddHours(-1).ToUnixTimeSeconds(), ["exp"] = expires.ToUnixTimeSeconds(),
        }));
        var signature = B64(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }
}
