// The outbox: every action this desk makes is stored here first, numbered, and sent later by the
// leading tab, in order, in batches (docs/protocol.md, "Actions"; docs/architecture.md, "The path
// of one action"; Replicache's push shape).
// Invariants:
// - mutation ids of an owner increase by one per action, assigned in the transaction that stores it;
// - an action's payload (type, visitId, base, args) never changes once it may have been sent: the
//   server recognises a retry by its id and payload (a duplicate, never applied twice);
// - an edit's base is what the desk saw; a field last set by one of this desk's own pending actions
//   takes its stamp from that action's result ("baseAfter"), resolved before the edit is first sent;
// - every action leaves the outbox with a result (applied, conflict, rejected), except "deferred"
//   ones, which the change feed acknowledges later; none blocks the ones behind it;
// - an action held for undo (holdUntil, a time) is not sent before then, nor is any behind it (the
//   order is the mutation order), unless a callNext comes behind it (the desk moved on); until it is
//   first sent, undo removes it and the server never sees it.
import { cache, clientOf, leasesKey, ownerRange, putVisit, uuid } from './db.js';
import { localDay, takeTicket } from './leases.js';
import { FIELDS } from './model.js';
import { rememberMine } from './overwritten.js';

/**
 * Stores one action; returns the stored record. draft: { type, visitId, args, label, prefix, seen, online, holdMs }:
 * holdMs keeps it unsent that long, so the desk can still undo it (undo below).
 */
export async function enqueue(owner, branch, draft) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'metadata', 'queueSnapshot'], 'readwrite');
  const meta = tx.objectStore('metadata');
  const outbox = tx.objectStore('pendingActions');
  const client = await clientOf(meta, owner);
  const now = new Date();
  const record = {
    owner, mutationId: client.lastMutationId + 1, clientId: client.clientId, type: draft.type,
    visitId: draft.visitId ?? null, args: { ...draft.args }, base: null, baseAfter: null,
    label: draft.label ?? null, createdAt: now.toISOString(), attempts: 0, state: 'pending',
    holdUntil: draft.holdMs ? now.getTime() + draft.holdMs : 0,
  };

  if (draft.type === 'register') {
    // Online the server numbers the visitor in a moment, in the day's line (001, 002…); a leased
    // number (501 up) is for a desk that cannot reach it (docs/protocol.md, "Ticket numbers").
    const leases = draft.online ? null : await meta.get(leasesKey(owner));
    const taken = takeTicket(leases, record.args.serviceId, now);
    if (taken) {
      record.args.ticket = taken.number;
      record.ticketLabel = taken.label;
      await meta.put(leases);
    } else if (draft.online) {
      record.ticketLabel = `${draft.prefix}-…`;
    } else {
      if (client.provisionalDay !== localDay(now)) client.provisional = 0;
      client.provisional += 1;
      client.provisionalDay = localDay(now);
      record.ticketLabel = `${draft.prefix}-P${client.provisional}`;
      record.provisional = true;
    }
    record.args.arrivedAt = now.toISOString();
    record.label = `${record.ticketLabel} ${record.args.name}`;
  } else if (draft.type === 'callNext') {
    // With the push's sentAt (the same clock) the server knows how long it waited here, and calls
    // no one if it is too late to (a desk that was offline for minutes has moved on).
    record.args.queuedAt = now.toISOString();
    // The desk moved on: a Cancel or No-show held for undo goes now, rather than hold up the call.
    for (const held of await outbox.getAll(ownerRange(owner))) {
      if (held.holdUntil > now.getTime()) await outbox.put({ ...held, holdUntil: 0 });
    }
  } else if (draft.type === 'updateDetails') {
    const snapshot = await tx.objectStore('queueSnapshot').get(branch);
    const earlier = await outbox.getAll(ownerRange(owner));
    Object.assign(record, baseFor(record, snapshot?.visits?.[record.visitId], earlier, draft.seen));
  }

  client.lastMutationId = record.mutationId;
  await meta.put(client);
  await outbox.add(record);
  await tx.done;
  return record;
}

function baseFor(record, seenVisit, earlier, seen = {}) {
  const base = { version: seenVisit?.version ?? 0, fields: {} };
  const after = {};
  for (const field of Object.keys(record.args)) {
    const own = earlier.findLast(a => a.visitId === record.visitId
      && (a.type === 'register' || (a.type === 'updateDetails' && field in a.args)));
    if (field in seen) base.fields[field] = seen[field];
    else if (own) after[field] = own.mutationId;
    else base.fields[field] = seenVisit?.fieldVersions?.[field] ?? 0;
  }
  return { base, baseAfter: Object.keys(after).length ? after : null };
}

/** The action as the server takes it (docs/protocol.md, "Actions"). */
export const toWire = a => ({
  clientId: a.clientId, mutationId: a.mutationId, type: a.type, visitId: a.visitId, base: a.base, args: a.args,
});

const utf8 = new TextEncoder();

/** The bytes an action takes inside a push as the hub sends it: its JSON, in UTF-8. */
export const wireBytes = a => utf8.encode(JSON.stringify(toWire(a))).length;

/**
 * The next actions to send, oldest first: at most `max` of them, together at most `maxBytes` on the
 * wire (wireBytes, one byte more each for the comma); counts the attempt on each. Stops before an
 * edit whose base still waits for the result of an earlier action of this desk. A deferred action
 * last sent before `recheckBefore` (a time) is sent again: the server keeps it, so asking again
 * is harmless, and it answers the final result once there is one (a rejection comes no other way).
 * Answers { actions, tooLarge, heldUntil }: tooLarge ({ mutationId, bytes }) is an action first in line that
 * is over maxBytes even alone; it is not counted as sent, and nothing is sent before it is gone.
 * heldUntil: the batch stopped at an action held for undo until then (a time), else 0.
 */
export async function nextBatch(owner, branch, { max, maxBytes, recheckBefore = 0 }) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'queueSnapshot'], 'readwrite');
  const outbox = tx.objectStore('pendingActions');
  const [all, snapshot] = await Promise.all([outbox.getAll(ownerRange(owner)), tx.objectStore('queueSnapshot').get(branch)]);
  const waiting = new Set(all.map(a => a.mutationId));
  const batch = [];
  let bytes = 0;
  let tooLarge = null;
  let heldUntil = 0;
  const now = new Date().toISOString();
  for (const action of all) {
    if (action.state === 'deferred' && Date.parse(action.lastSentAt ?? 0) >= recheckBefore) continue;
    if (action.holdUntil > Date.now()) {
      heldUntil = action.holdUntil;
      break;
    }
    if (action.baseAfter) {
      if (Object.values(action.baseAfter).some(id => waiting.has(id))) break;
      // The earlier action left without resolving this one: use the stamps the cache holds now.
      const visit = snapshot?.visits?.[action.visitId];
      for (const field of Object.keys(action.baseAfter)) action.base.fields[field] = visit?.fieldVersions?.[field] ?? 0;
      action.base.version = Math.max(action.base.version, visit?.version ?? 0);
      action.baseAfter = null;
    }
    const size = wireBytes(action) + 1;
    if (bytes + size > maxBytes) {
      // One the server already holds (deferred) goes alone whatever its size: only it can answer for it.
      if (!batch.length && action.state !== 'deferred') tooLarge = { mutationId: action.mutationId, bytes: size - 1 };
      if (batch.length || tooLarge) break;
    }
    bytes += size;
    action.attempts += 1;
    action.lastSentAt = now;
    await outbox.put(action);
    batch.push(action);
    if (batch.length >= max) break;
  }
  await tx.done;
  return { actions: batch, tooLarge, heldUntil };
}

/**
 * Takes back an action that was never sent: it leaves the outbox as if it had never been made (the
 * ones behind it, never sent either, move up one id). Answers false when it is gone or was sent
 * already (a push may have carried it: only the server can answer for it now).
 */
export async function undo(owner, mutationId) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'metadata'], 'readwrite');
  const outbox = tx.objectStore('pendingActions');
  const record = await outbox.get([owner, mutationId]);
  const undoable = !!record && record.state === 'pending' && !record.lastSentAt;
  if (undoable) {
    await outbox.delete([owner, mutationId]);
    await renumber(tx, owner, mutationId + 1, mutationId);
  }
  await tx.done;
  return undoable;
}

// The server refuses an id out of sequence and stores nothing, saying which id it expects
// (result.expectedMutationId): the outbox is renumbered from there rather than stuck.
function expectedId(result) {
  return result.status === 'rejected' && Number.isInteger(result.expectedMutationId) ? result.expectedMutationId : null;
}

/**
 * Records the server's answers to a batch in one transaction: acknowledged actions leave the
 * outbox, the visits they return go into the snapshot, conflicts and rejections become notes.
 */
export async function settle(owner, branch, results) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'queueSnapshot', 'notifications', 'metadata'], 'readwrite');
  const outbox = tx.objectStore('pendingActions');
  const notes = tx.objectStore('notifications');
  const snapshots = tx.objectStore('queueSnapshot');
  const snapshot = await snapshots.get(branch);
  const outcome = { registered: false, renumbered: false };
  for (const answer of results) {
    const record = await outbox.get([owner, answer.mutationId]);
    if (!record) continue;
    const result = answer.status === 'duplicate' && answer.original ? answer.original : answer;
    if (result.status === 'deferred') {
      record.state = 'deferred';
      await outbox.put(record);
      continue;
    }
    const expected = expectedId(result);
    if (expected != null) {
      await renumber(tx, owner, record.mutationId, expected);
      outcome.renumbered = true;
      break;
    }
    await outbox.delete([owner, record.mutationId]);
    const accepted = result.status === 'applied' || result.status === 'duplicate';
    const visit = result.visit ?? (accepted ? snapshot?.visits?.[record.visitId] : null) ?? null;
    if (result.visit && snapshot) putVisit(snapshot, result.visit);
    await resolveDependents(outbox, owner, record, visit, (result.conflicts ?? []).map(c => c.field));
    if (accepted || result.status === 'conflict') await rememberMine(tx.objectStore('metadata'), owner, record, result);
    const note = noteFor(owner, record, result);
    if (note) await notes.put(note);
    if (record.type === 'register') outcome.registered = true;
  }
  if (snapshot) await snapshots.put(snapshot);
  await pruneInfo(notes, owner);
  await tx.done;
  return outcome;
}

const INFO_KEPT_MS = 5 * 60_000;

// "Called A-003 to this desk" is shown for a while, not kept.
async function pruneInfo(notes, owner) {
  const now = Date.now();
  for (const note of await notes.index('scope').getAll(`owner:${owner}`)) {
    if (note.kind === 'info' && now - Date.parse(note.at) > INFO_KEPT_MS) await notes.delete(note.key);
  }
}

/** Gives the edits waiting on `done` the stamps its result set (or, where it lost, the ones it had). */
export async function resolveDependents(outbox, owner, done, visit, conflicted) {
  for (const action of await outbox.getAll(ownerRange(owner))) {
    if (!action.baseAfter) continue;
    let touched = false;
    for (const [field, id] of Object.entries(action.baseAfter)) {
      if (id !== done.mutationId) continue;
      action.base.fields[field] = !visit || conflicted.includes(field)
        ? (done.base?.fields?.[field] ?? visit?.fieldVersions?.[field] ?? 0)
        : visit.fieldVersions[field];
      if (visit) action.base.version = Math.max(action.base.version, visit.version);
      delete action.baseAfter[field];
      touched = true;
    }
    if (touched) {
      if (!Object.keys(action.baseAfter).length) action.baseAfter = null;
      await outbox.put(action);
    }
  }
}

function noteFor(owner, record, result) {
  const scope = `owner:${owner}`;
  const base = {
    key: `${scope}:m${record.mutationId}`, scope, visitId: record.visitId, type: record.type, label: record.label,
    mutationId: record.mutationId, at: new Date().toISOString(),
  };
  if (result.status === 'conflict') {
    return {
      ...base, kind: 'conflict', reason: result.reason ?? null,
      message: result.reasonCode ? { key: `reasons.${result.reasonCode}`, args: result.reasonArgs ?? {} } : null,
      conflicts: (result.conflicts ?? []).map(c => ({
        field: c.field, serverValue: c.serverValue ?? null, serverVersion: c.serverVersion ?? null, by: c.byDesk ?? c.by ?? null,
        mine: c.field === 'status' ? record.type : record.args[c.field] ?? null,
      })),
    };
  }
  if (result.status === 'rejected') {
    // Worded by the desk from its code (desk-words.js); the server's sentence for a code it does not know.
    return {
      ...base, kind: 'rejected', reason: result.reason ?? null,
      message: result.reasonCode ? { key: `reasons.${result.reasonCode}`, args: result.reasonArgs ?? {} }
        : result.reason ? null : { key: 'desk.note.refusedDefault' },
    };
  }
  if (record.type === 'register' && record.provisional && result.visit && result.visit.ticket !== record.ticketLabel) {
    // The provisional ticket (made offline) the visitor may have been told is replaced by the
    // server's: the desk must say so.
    return {
      ...base, kind: 'info', renumbered: { was: record.ticketLabel, now: result.visit.ticket },
      message: { key: 'desk.notice.renumbered', args: { now: result.visit.ticket, was: record.ticketLabel, name: record.args.name } },
    };
  }
  if (record.type === 'callNext') {
    return {
      ...base, kind: 'info', visitId: result.visit?.id ?? null,
      message: result.visit ? { key: 'desk.notice.called', args: { ticket: result.visit.ticket, name: result.visit.name } }
        : result.reasonCode ? { key: `reasons.${result.reasonCode}`, args: result.reasonArgs ?? {} } : { key: 'desk.notice.noOneWaiting' },
      reason: result.visit ? null : result.reason ?? null,
    };
  }
  return null;
}

/**
 * Drops the first action of the outbox as failed: the server refused the whole request over it
 * (nothing was stored), or it is too large to send at all; so it cannot ever be sent, and the ones
 * behind it take its place. With `mutationId`, only if that action is still the first. Answers
 * whether it dropped one. `message`: its reason, as { key, args } (desk-words.js words it).
 */
export async function failFirst(owner, message, mutationId = null) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'notifications', 'metadata'], 'readwrite');
  const outbox = tx.objectStore('pendingActions');
  const first = (await outbox.getAll(ownerRange(owner))).find(a => a.state !== 'deferred');
  const dropped = !!first && (mutationId == null || first.mutationId === mutationId);
  if (dropped) {
    await outbox.delete([owner, first.mutationId]);
    await resolveDependents(outbox, owner, first, null, []);
    const scope = `owner:${owner}`;
    await tx.objectStore('notifications').put({
      key: `${scope}:m${first.mutationId}`, scope, kind: 'failed', visitId: first.visitId, type: first.type,
      label: first.label, mutationId: first.mutationId, message, at: new Date().toISOString(),
    });
    await renumber(tx, owner, first.mutationId + 1, first.mutationId);
  }
  await tx.done;
  return dropped;
}

/** Moves the actions from id `from` on (none of which the server stored) to start at `to`. */
async function renumber(tx, owner, from, to) {
  const outbox = tx.objectStore('pendingActions');
  const meta = tx.objectStore('metadata');
  const moving = (await outbox.getAll(ownerRange(owner))).filter(a => a.mutationId >= from && a.state !== 'deferred');
  const map = new Map(moving.map((a, i) => [a.mutationId, to + i]));
  for (const a of moving) await outbox.delete([owner, a.mutationId]);
  for (const a of moving) {
    a.mutationId = map.get(a.mutationId);
    if (a.baseAfter) for (const f of Object.keys(a.baseAfter)) a.baseAfter[f] = map.get(a.baseAfter[f]) ?? a.baseAfter[f];
    await outbox.put(a);
  }
  const client = await clientOf(meta, owner);
  client.lastMutationId = moving.length ? to + moving.length - 1 : to - 1;
  await meta.put(client);
}

/**
 * The server says this profile's clientId belongs to another login or device (client-not-yours):
 * nothing of this outbox was ever stored under it, so the owner starts a new clientId and numbers
 * its outbox from 1. Its ticket leases were the other owner's too, and are dropped.
 */
export async function startOver(owner) {
  const db = await cache();
  const tx = db.transaction(['pendingActions', 'metadata'], 'readwrite');
  const meta = tx.objectStore('metadata');
  const outbox = tx.objectStore('pendingActions');
  const client = await clientOf(meta, owner);
  client.clientId = uuid();
  client.lastMutationId = 0;
  await meta.put(client);
  await meta.delete(leasesKey(owner));
  for (const a of await outbox.getAll(ownerRange(owner))) {
    a.clientId = client.clientId;
    a.state = 'pending';
    await outbox.put(a);
  }
  await renumber(tx, owner, 0, 1);
  await tx.done;
}

/** A conflict note after the desk chose, for one field: re-apply its value, or accept the server's. */
export async function resolveConflict(owner, branch, noteKey, field, choice) {
  const db = await cache();
  const note = await db.get('notifications', noteKey);
  if (!note) return;
  const entry = note.conflicts?.find(c => c.field === field);
  if (entry && choice === 'reapply' && FIELDS.includes(field)) {
    await enqueue(owner, branch, {
      type: 'updateDetails', visitId: note.visitId, args: { [field]: entry.mine }, label: note.label,
      seen: { [field]: entry.serverVersion ?? 0 },
    });
  }
  const rest = (note.conflicts ?? []).filter(c => c.field !== field);
  if (rest.length && field !== 'status') await db.put('notifications', { ...note, conflicts: rest });
  else await db.delete('notifications', noteKey);
}
