using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Wire;

namespace Reception.Sync.Access;

/// <summary>
/// A clientId belongs to the caller that used it first (docs/protocol.md, "clientId ownership").
/// Checked before an action, a ticket lease or any other bookkeeping under the clientId touches the
/// ledger, the inbox, the leases or the last-contact time. Invariants:
/// - the first use records the owner; a concurrent first use by two callers leaves exactly one
///   owner (the table's key), and the other is refused;
/// - an owner never changes, so a confirmed owner is remembered per host without expiry.
/// </summary>
public sealed class ClientOwnership(TimeProvider clock)
{
    /// <summary>Clients remembered at most; past it the memory starts again from empty (it is only a shortcut).</summary>
    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<Guid, string> _owners = new();

    /// <summary>
    /// Records <paramref name="caller"/> as the owner of each of <paramref name="clientIds"/> not yet
    /// owned, and returns the refusal when any of them belongs to someone else (null: all are the
    /// caller's). Runs outside any transaction: a claim is its own statement.
    /// </summary>
    public async Task<SyncProblem?> ClaimAsync(ReceptionDbContext db, Caller caller, IEnumerable<Guid> clientIds,
        CancellationToken cancellationToken)
    {
        foreach (var clientId in clientIds.Where(id => id != Guid.Empty).Distinct())
        {
            var owner = await OwnerAsync(db, clientId, caller.Owner, cancellationToken);
            if (owner != caller.Owner)
            {
                return SyncProblem.ClientNotYours(ProblemDetail.Of(ProblemDetailCodes.ClientNotYours, ("clientId", clientId), ("login", caller.Name)));
            }
        }

        return null;
    }

    private async Task<string> OwnerAsync(ReceptionDbContext db, Guid clientId, string claimant, CancellationToken cancellationToken)
    {
        if (_owners.TryGetValue(clientId, out var known))
        {
            return known;
        }

        var owner = await ReadAsync(db, clientId, cancellationToken);
        if (owner is null)
        {
            var row = new ClientOwner { ClientId = clientId, Owner = claimant, FirstSeenAt = clock.GetUtcNow().UtcDateTime };
            db.ClientOwners.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                owner = claimant;
            }
            catch (DbUpdateException)
            {
                // Another caller's first use of the same id won the key: theirs it is.
                owner = await ReadAsync(db, clientId, cancellationToken) ?? throw new InvalidOperationException(
                    $"The owner of client {clientId} could be neither recorded nor read.");
            }
            finally
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }

        if (_owners.Count >= Capacity)
        {
            _owners.Clear();
        }

        _owners[clientId] = owner;
        return owner;
    }

    private static Task<string?> ReadAsync(ReceptionDbContext db, Guid clientId, CancellationToken cancellationToken) =>
        db.ClientOwners.AsNoTracking().Where(o => o.ClientId == clientId).Select(o => o.Owner).SingleOrDefaultAsync(cancellationToken);
}
