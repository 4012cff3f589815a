// Which short notices ("Called A-003 to this desk.", "A-P1 is now A-081") the desk shows, from its
// info notes. Pure: no DOM.
// Invariants:
// - one notice per subject (a visit, or Call next), the newest; at most MAX, newest first;
// - a notice shows for SHOWN_MS (a renumbered ticket longer: the visitor must be told), and is
//   "old" (shown faded) after FRESH_MS;
// - "No one is waiting" from Call next is not shown while someone is waiting for this desk.

export const FRESH_MS = 10_000;
const SHOWN_MS = 20_000;
const RENUMBERED_SHOWN_MS = 120_000;
const MAX = 3;

const subject = note => (note.type === 'callNext' ? 'callNext' : `visit:${note.visitId ?? note.key}`);

/** [{ note, old }], newest first. */
export function noticesToShow(notes, { someoneWaiting, now }) {
  const newest = new Map();
  for (const note of notes) {
    if (note.kind !== 'info') continue;
    const age = now - Date.parse(note.at);
    if (age >= (note.renumbered ? RENUMBERED_SHOWN_MS : SHOWN_MS)) continue;
    if (note.type === 'callNext' && !note.visitId && someoneWaiting) continue;
    const kept = newest.get(subject(note));
    if (!kept || Date.parse(kept.at) <= Date.parse(note.at)) newest.set(subject(note), note);
  }
  return [...newest.values()]
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
    .slice(0, MAX)
    .map(note => ({ note, old: now - Date.parse(note.at) >= FRESH_MS }));
}
