// The desk's IndexedDB cache, "reception-cache" (docs/architecture.md, "The browser client"):
// - pendingActions: the outbox, keyed [owner, mutationId], in the order the desk made them;
// - queueSnapshot: per branch, the visits as the server last told us, and the feed version held;
// - notifications: the server's announcements, and this desk's outcome notes (conflicts, rejections);
// - metadata: clientId and last mutationId per owner, last version per branch, ticket leases.
// An "owner" is one login at one branch ("demo/desk1"): its own clientId, mutation ids and outbox.
// Invariants:
// - nothing but IDB work is awaited inside a transaction (idb README, "Transaction lifetime");
// - a visit in the snapshot is only ever replaced by the same or a newer version of it.
import { openDB } from '../lib/idb/index.js';

export const DB_NAME = 'reception-cache';
const opened = new Map();

export function cache() {
  if (!opened.has(DB_NAME)) {
    opened.set(DB_NAME, openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('pendingActions', { keyPath: ['owner', 'mutationId'] });
        db.createObjectStore('queueSnapshot', { keyPath: 'branch' });
        db.createObjectStore('notifications', { keyPath: 'key' }).createIndex('scope', 'scope');
        db.createObjectStore('metadata', { keyPath: 'key' });
      },
      // Another tab runs a newer version of this page: let it upgrade, and reload into it.
      blocking() {
        opened.delete(DB_NAME);
        location.reload();
      },
    }));
  }
  return opened.get(DB_NAME);
}

/** Every outbox record of one owner, oldest first. */
export const ownerRange = owner => IDBKeyRange.bound([owner, 0], [owner, Infinity]);

export const clientKey = owner => `client:${owner}`;
export const leasesKey = owner => `leases:${owner}`;
export const contactKey = owner => `contact:${owner}`;
export const versionKey = branch => `version:${branch}`;

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Plain http on a LAN address is not a secure context: no randomUUID there.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The owner's client record (created on first use): clientId, last mutationId, provisional counter. */
export async function clientOf(store, owner) {
  return (await store.get(clientKey(owner)))
    ?? { key: clientKey(owner), clientId: uuid(), lastMutationId: 0, provisional: 0 };
}

export async function ensureClient(owner) {
  const db = await cache();
  const tx = db.transaction('metadata', 'readwrite');
  const client = await clientOf(tx.store, owner);
  await tx.store.put(client);
  await tx.done;
  return client;
}

const CLOSED_KEPT_MS = 12 * 60 * 60 * 1000;

/** Puts a visit into a snapshot record unless the record already holds a newer version of it. */
export function putVisit(record, visit) {
  const held = record.visits[visit.id];
  if (!held || visit.version >= held.version) record.visits[visit.id] = visit;
}

function prune(record, now = Date.now()) {
  for (const [id, v] of Object.entries(record.visits)) {
    if (!['waiting', 'called', 'serving'].includes(v.status) && now - Date.parse(v.updatedAt) > CLOSED_KEPT_MS) {
      delete record.visits[id];
    }
  }
}

/**
 * Takes a server snapshot (the page's first paint, or a pull from 0) unless the cache already holds
 * a newer one. Visits the cache knows in a newer version (from push results) are kept. `force`
 * (a pull from 0): the server's word, even over a newer-looking cache (a server that started over).
 */
export async function replaceSnapshot(branch, version, snapshot, { force = false } = {}) {
  const db = await cache();
  const tx = db.transaction(['queueSnapshot', 'metadata'], 'readwrite');
  const store = tx.objectStore('queueSnapshot');
  const held = await store.get(branch);
  let replaced = false;
  if (!held || held.version <= version || force) {
    const record = {
      branch, version, services: snapshot.services, desks: snapshot.desks, visits: {}, savedAt: new Date().toISOString(),
    };
    for (const v of snapshot.visits) record.visits[v.id] = v;
    if (!force) for (const v of Object.values(held?.visits ?? {})) if (v.version > version) putVisit(record, v);
    prune(record);
    await store.put(record);
    await tx.objectStore('metadata').put({ key: versionKey(branch), version });
    replaced = true;
  }
  await tx.done;
  return replaced;
}

export async function readSnapshot(branch) {
  return (await cache()).get('queueSnapshot', branch);
}

/** Server announcements (called, recalled, …) for the branch; keeps the newest 30. */
export async function saveAnnouncements(branch, notifications) {
  if (!notifications?.length) return;
  const db = await cache();
  const tx = db.transaction('notifications', 'readwrite');
  const scope = `branch:${branch}`;
  for (const n of notifications) await tx.store.put({ ...n, key: `${scope}:${n.id}`, scope, source: 'server' });
  const all = await tx.store.index('scope').getAll(scope);
  all.sort((a, b) => a.id - b.id);
  for (const old of all.slice(0, Math.max(0, all.length - 30))) await tx.store.delete(old.key);
  await tx.done;
}

export async function deleteNote(key) {
  await (await cache()).delete('notifications', key);
}

export async function saveContact(owner, at) {
  await (await cache()).put('metadata', { key: contactKey(owner), at });
}

/** Everything the desk view needs, read in one transaction so it is consistent. */
export async function readDesk(owner, branch) {
  const db = await cache();
  const tx = db.transaction(['queueSnapshot', 'pendingActions', 'notifications', 'metadata']);
  const notes = tx.objectStore('notifications').index('scope');
  const meta = tx.objectStore('metadata');
  const [snapshot, pending, desk, announcements, leases, contact, client] = await Promise.all([
    tx.objectStore('queueSnapshot').get(branch),
    tx.objectStore('pendingActions').getAll(ownerRange(owner)),
    notes.getAll(`owner:${owner}`),
    notes.getAll(`branch:${branch}`),
    meta.get(leasesKey(owner)),
    meta.get(contactKey(owner)),
    meta.get(clientKey(owner)),
  ]);
  await tx.done;
  announcements.sort((a, b) => a.id - b.id);
  desk.sort((a, b) => a.at.localeCompare(b.at));
  return { snapshot, pending, notes: desk, announcements, leases, client, lastContactAt: contact?.at ?? null };
}
