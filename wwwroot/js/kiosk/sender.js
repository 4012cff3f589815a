// The kiosk's registrations, through the same pipeline as a desk's (docs/protocol.md, "Actions").
// Invariants:
// - the kiosk has one clientId and numbers its actions 1, 2, 3… (kept in IndexedDB, "reception-cache",
//   under the owner "kiosk:{tokenId}"), so a reload never reuses a number;
// - every register carries a number the server leased to this kiosk (args.ticket), taken in the same
//   transaction that stores the register (leases.js): the number the visitor is told is the one the
//   server gives the visit, whether its answer comes at once, late, or after a network cut; with no
//   leased number left nothing is stored or sent;
// - a register is stored before it is sent, and resent with the same clientId, mutation id and
//   payload until an answer comes: a reply lost on the way is answered "duplicate" with the same
//   visit, so one visitor is one ticket however often it is sent.
import { cache, clientOf, leasesKey, ownerRange, uuid } from '../db.js';
import { takeTicket } from '../leases.js';
import { toWire } from '../outbox.js';

const TIMEOUT_MS = 8_000;

/** A refusal that will not change by sending again (the kiosk switched off, a rejected action). */
export class Refused extends Error {
  constructor(message, { status, code }) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The server never stored the action: it expects the kiosk's actions to go on from `expected`. */
export class Renumber extends Error {
  constructor(expected) {
    super(`Renumber from ${expected}.`);
    this.expected = expected;
  }
}

/**
 * Stores a register for the kiosk, numbered after its last action and carrying the next leased
 * number of its service; answers the stored record, or null when no leased number is left.
 */
export async function prepare(owner, args) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'metadata'], 'readwrite');
  const meta = tx.objectStore('metadata');
  const client = await clientOf(meta, owner);
  const now = new Date();
  const record = {
    owner, mutationId: client.lastMutationId + 1, clientId: client.clientId, type: 'register', visitId: uuid(),
    base: null, args: { ...args, arrivedAt: now.toISOString() }, createdAt: now.toISOString(), state: 'pending', leased: true,
  };
  const leases = await meta.get(leasesKey(owner));
  const taken = takeTicket(leases, args.serviceId, now);
  if (!taken) {
    await tx.done;
    return null;
  }
  record.args.ticket = taken.number;
  record.ticketLabel = taken.label;
  await meta.put(leases);
  client.lastMutationId = record.mutationId;
  await meta.put(client);
  await tx.objectStore('pendingActions').add(record);
  await tx.done;
  return record;
}

/**
 * Gives a register the number the server expects (it never stored the action: an earlier one that
 * was given up on never reached it), and the kiosk's numbering goes on from there.
 */
export async function renumber(record, expected) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'metadata'], 'readwrite');
  const meta = tx.objectStore('metadata');
  const client = await clientOf(meta, record.owner);
  const moved = { ...record, mutationId: expected };
  client.lastMutationId = Math.max(client.lastMutationId, expected);
  await meta.put(client);
  await tx.objectStore('pendingActions').delete([record.owner, record.mutationId]);
  await tx.objectStore('pendingActions').put(moved);
  await tx.done;
  return moved;
}

/** Registers still waiting for an answer (a reload or a failure left them), oldest first. */
export async function pending(owner) {
  return (await cache()).getAll('pendingActions', ownerRange(owner));
}

export async function forget(record) {
  await (await cache()).delete('pendingActions', [record.owner, record.mutationId]);
}

/**
 * Sends one stored register once; answers the registered visit. Throws Refused for an answer that
 * sending again will not change, any other error for "not reached" (send it again).
 */
export async function send({ branch, token }, record) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(`/kiosk/${encodeURIComponent(branch)}/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kiosk-Token': token },
      body: JSON.stringify({ actions: [toWire(record)], sentAt: new Date().toISOString() }),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }

  if (response.status === 401) throw new Refused('This kiosk has been switched off.', { status: 401, code: 'unauthenticated' });
  if (response.status >= 500 || response.status === 429) throw new Error(`The server answered ${response.status}.`);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Refused(body?.detail ?? `Refused (${response.status}).`, { status: response.status, code: body?.code ?? null });

  const result = body?.results?.[0];
  const first = result?.original ?? result;
  const visit = first?.visit ?? result?.visit;
  if (result?.status === 'rejected' && result.expectedMutationId) throw new Renumber(result.expectedMutationId);
  if (result?.status === 'deferred') throw new Error('Stored for later: asking again.');
  if (!visit || !['applied', 'duplicate'].includes(result.status)) {
    throw new Refused(first?.reason ?? 'The registration was refused.', { status: first?.code ?? 422, code: first?.reasonCode ?? null });
  }
  return visit;
}
