using System.Diagnostics;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Branches;

/// <summary>
/// Every client of a set sends its own script's actions one after another, each the moment the
/// last one answered (a closed loop), all clients at once: the aggregate rate the branches sustain.
/// Each run is new clients (new clientIds, mutation ids from 1) on the same branches.
/// </summary>
internal static class ClosedLoop
{
    /// <param name="actions">Shared evenly by the clients.</param>
    /// <param name="sender">How client number i sends (its API key over REST, or the raw transaction).</param>
    public static async Task<Measurement> RunAsync(string side, IReadOnlyList<FleetClient> clients, int actions,
        Func<FleetClient, ApplyOne> sender, CancellationToken cancellationToken)
    {
        var shares = DeskScript.Share(actions, clients.Count);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((client, i) => Task.Run(async () =>
        {
            var script = new DeskScript(client.Branch, client.Desk);
            var apply = sender(client);
            VisitDto? seen = null;
            for (var n = 0; n < shares[i]; n++)
            {
                seen = await apply(script, script.Next(seen), cancellationToken);
            }
        }, cancellationToken)));
        return new Measurement(side, actions, clock.Elapsed);
    }
}
