// The change feed into the cache (docs/protocol.md, "Pull, snapshot and gaps"): pulls and
// broadcasts move the snapshot forward.
// Invariants:
// - the held version only moves forward, and only over changes that continue right after it;
//   a batch that does not is a gap, and the caller pulls;
// - a change carrying this client's id acknowledges a "deferred" action of the outbox.
import { cache, clientOf, ownerRange, putVisit, replaceSnapshot, saveAnnouncements, versionKey } from './db.js';
import { resolveDependents } from './outbox.js';
import { overwrittenNotes } from './overwritten.js';

/**
 * Applies changes that continue after `after` (the version they were pulled from, or a broadcast's
 * fromVersion - 1). Returns { gap } when the cache does not hold `after`.
 */
export async function mergeChanges(owner, branch, after, toVersion, items) {
  const db = await cache();
  const tx = db.transaction(['queueSnapshot', 'pendingActions', 'metadata', 'notifications'], 'readwrite');
  const snapshots = tx.objectStore('queueSnapshot');
  const snapshot = await snapshots.get(branch);
  if (!snapshot || after > snapshot.version) {
    await tx.done;
    return { gap: true };
  }
  if (toVersion <= snapshot.version) {
    await tx.done;
    return { gap: false, changed: false };
  }
  const outbox = tx.objectStore('pendingActions');
  const client = await clientOf(tx.objectStore('metadata'), owner);
  for (const change of items) {
    const before = snapshot.visits[change.visit.id];
    for (const note of await overwrittenNotes(tx.objectStore('metadata'), owner, client.clientId, before, change, snapshot.desks)) {
      await tx.objectStore('notifications').put(note);
    }
    putVisit(snapshot, change.visit);
    if (change.clientId === client.clientId && change.mutationId != null) {
      const record = await outbox.get([owner, change.mutationId]);
      if (record?.state === 'deferred') {
        await outbox.delete([owner, record.mutationId]);
        await resolveDependents(outbox, owner, record, change.visit, []);
      }
    }
  }
  snapshot.version = toVersion;
  await snapshots.put(snapshot);
  await tx.objectStore('metadata').put({ key: versionKey(branch), version: toVersion });
  await tx.done;
  return { gap: false, changed: true };
}

/** One pull's answer: a snapshot (since 0, or older than the feed keeps) or changes. */
export async function applyPull(owner, branch, since, pull) {
  await saveAnnouncements(branch, pull.notifications);
  if (pull.snapshot) {
    await replaceSnapshot(branch, pull.toVersion, pull.snapshot, { force: since === 0 });
    return { gap: false };
  }
  return mergeChanges(owner, branch, pull.fromVersion ?? since, pull.toVersion, pull.changes ?? []);
}

/** Whether the outbox holds actions the server stored but has not finished (deferred). */
export async function hasDeferred(owner) {
  const all = await (await cache()).getAll('pendingActions', ownerRange(owner));
  return all.some(a => a.state === 'deferred');
}
