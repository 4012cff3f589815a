// What this computer keeps of past days (docs/architecture.md, "The browser client"). The server
// removes visitors' details after the branch's retention; a desk's cache keeps no past day at all:
// on start, before anything is shown, it drops
// - ended visits last changed before the branch's today (the server's snapshot no longer has them);
// - the server's announcements and this desk's notes (conflicts, refusals, overwritten values) from
//   before today, which name visitors.
// It keeps what is still work: open visits of any day (still in the server's queue) and the outbox
// (actions not yet sent, whatever their day, are sent when the link is back).
// Invariants: one transaction; nothing but IDB work is awaited inside it.
import { cache } from './db.js';
import { dayIn } from './leases.js';

const OPEN = ['waiting', 'called', 'serving'];

/** Drops the branch's cached visits and the owner's notes of past days; answers how many entries went. */
export async function forgetPastDays(branch, owner, timeZone, now = new Date()) {
  const today = dayIn(timeZone, now);
  const past = at => !at || Number.isNaN(Date.parse(at)) || dayIn(timeZone, new Date(at)) < today;
  const db = await cache();
  const tx = db.transaction(['queueSnapshot', 'notifications'], 'readwrite');
  const snapshots = tx.objectStore('queueSnapshot');
  const notes = tx.objectStore('notifications');
  let dropped = 0;
  const held = await snapshots.get(branch);
  if (held) {
    const visits = Object.fromEntries(Object.entries(held.visits).filter(([, v]) => OPEN.includes(v.status) || !past(v.updatedAt)));
    dropped += Object.keys(held.visits).length - Object.keys(visits).length;
    await snapshots.put({ ...held, visits });
  }
  for (const scope of [`branch:${branch}`, `owner:${owner}`]) {
    for (const note of await notes.index('scope').getAll(scope)) {
      if (past(note.at)) {
        await notes.delete(note.key);
        dropped++;
      }
    }
  }
  await tx.done;
  return dropped;
}
