// The desk's view of the queue: the server snapshot with this desk's pending actions applied on
// top, in order, recomputed whenever either changes. Pure: no DOM, no IndexedDB.
// Invariants:
// - the snapshot is never modified; the overlay works on copies;
// - a pending action the local status machine would not allow changes nothing here (the server
//   decides, and its answer comes back as a result);
// - a visit's sync state is "pending" while any action of this desk on it waits to be sent,
//   "retrying" while all of them are deferred (the server holds them), else "failed" while a
//   rejection on it is unresolved, else "choice" while a conflict (which a click resolves) is, else "synced".

export const OPEN = ['waiting', 'called', 'serving'];
export const FIELDS = ['name', 'phone', 'notes', 'priority'];

// The server's status machine (Reception.Sync/Merge/StatusMachine.cs), for the optimistic view.
const RULES = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  startService: { from: ['called'], to: 'serving' },
  complete: { from: ['serving'], to: 'done' },
  noShow: { from: ['waiting', 'called'], to: 'noShow' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
  requeue: { from: ['called'], to: 'waiting' },
  transfer: { from: ['waiting', 'called', 'serving'], to: 'waiting' },
  reinstate: { from: ['noShow', 'cancelled'], to: 'waiting' },
};

/** The actions a visit's status allows at this desk (recall and start only for the desk that called). */
export function allowedActions(visit, deskId) {
  switch (visit.status) {
    case 'waiting': return ['call', 'noShow', 'cancel'];
    case 'called': return visit.deskId === deskId
      ? ['recall', 'startService', 'requeue', 'noShow', 'cancel']
      : ['requeue', 'noShow', 'cancel'];
    case 'serving': return ['complete'];
    default: return [];
  }
}

// Queue order mirrors QueuePlace (Reception.Sync/Merge/QueueOrder.cs) step for step:
// - higher priority first;
// - earlier arrival (or, for a visit put back in the queue, the time it was put back: reinstatedAt),
//   to the 100 ns tick the server keeps (Date.parse keeps only milliseconds);
// - lower ticket number as a number ("A-999" before "A-1000"); a provisional ticket ("A-P3", made
//   offline) after every issued one, provisional ones by their counter ("A-P2" before "A-P10");
// - the label as ordinal text ("A-007" before "B-007");
// - the visit id as lower-case text, so no two visits ever tie.

/** [0, n] for an issued ticket, [1, n] for a provisional one, [1, 2^31 - 1] for a label that is neither. */
export function ticketNumber(label) {
  const m = /-(P?)(\d{1,9})$/.exec(label);
  return m ? [m[1] ? 1 : 0, Number(m[2])] : [1, 2 ** 31 - 1];
}

/** [milliseconds since the epoch, 100 ns ticks within that millisecond] of an ISO 8601 time. */
function arrival(iso) {
  const ticks = `${/\.(\d+)/.exec(iso)?.[1] ?? ''}0000000`.slice(0, 7);
  return [Date.parse(iso.replace(/\.\d+/, '')) + Number(ticks.slice(0, 3)), Number(ticks.slice(3))];
}

const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Queue order (docs/protocol.md, "Queue order"), the comparator for every queue the browser sorts. */
export function queueOrder(a, b) {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const [am, at] = arrival(a.reinstatedAt ?? a.arrivedAt);
  const [bm, bt] = arrival(b.reinstatedAt ?? b.arrivedAt);
  if (am !== bm || at !== bt) return (am - bm) || (at - bt);
  const [ak, an] = ticketNumber(a.ticket);
  const [bk, bn] = ticketNumber(b.ticket);
  return (ak - bk) || (an - bn) || ordinal(a.ticket, b.ticket) || ordinal(a.id.toLowerCase(), b.id.toLowerCase());
}

const STAGE = { serving: 0, called: 1, waiting: 2 };

/** Who is at a desk first, then the waiting line in queue order. */
export const displayOrder = (a, b) => (STAGE[a.status] - STAGE[b.status]) || queueOrder(a, b);

export const isProblem = note => note.kind === 'conflict' || note.kind === 'rejected' || note.kind === 'failed';

/** The visits to show: snapshot ⊕ pending, with their pending actions, alerts (notes) and sync state. */
export function overlay(snapshotVisits, pending, notes) {
  const view = new Map();
  for (const v of Object.values(snapshotVisits ?? {})) view.set(v.id, { ...v, pending: [], alerts: [] });
  for (const action of pending) {
    if (!action.visitId) continue;
    let visit = view.get(action.visitId);
    if (action.type === 'register' && !visit) {
      const a = action.args;
      visit = {
        id: action.visitId, serviceId: a.serviceId, ticket: action.ticketLabel, provisional: !!action.provisional,
        name: a.name, phone: a.phone ?? null, notes: a.notes ?? null, priority: a.priority ?? 0, status: 'waiting',
        deskId: null, arrivedAt: action.createdAt, updatedAt: action.createdAt, version: 0, pending: [], alerts: [],
      };
      view.set(visit.id, visit);
    }
    if (!visit) continue;
    if (action.type === 'updateDetails') {
      for (const f of FIELDS) if (f in action.args) visit[f] = action.args[f];
    } else if (RULES[action.type] && RULES[action.type].from.includes(visit.status)) {
      visit.status = RULES[action.type].to;
      if (action.type === 'call') visit.deskId = action.args.deskId;
      if (action.type === 'requeue' || action.type === 'transfer') visit.deskId = null;
      if (action.type === 'transfer') visit.serviceId = action.args.serviceId;
      if (action.type === 'reinstate') Object.assign(visit, { deskId: null, completedAt: null, reinstatedAt: action.createdAt });
    }
    visit.pending.push(action);
  }
  for (const note of notes) {
    const visit = note.visitId && view.get(note.visitId);
    if (visit) visit.alerts.push(note);
  }
  for (const v of view.values()) {
    // Deferred actions are with the server already (in its retry inbox): nothing left to send.
    v.sync = !v.pending.length ? syncOfAlerts(v.alerts)
      : v.pending.every(a => a.state === 'deferred') ? 'retrying' : 'pending';
  }
  return view;
}

// A conflict asks the receptionist to choose (one click); a rejection or failure is a real failure.
function syncOfAlerts(alerts) {
  const problems = alerts.filter(isProblem);
  if (!problems.length) return 'synced';
  return problems.every(n => n.kind === 'conflict') ? 'choice' : 'failed';
}

/**
 * Outbox figures for the badge and the sync line: its size (actions without a final result), how
 * many of them the server holds for a retry (deferred: not to send), and when the oldest was made.
 */
export function outboxStats(pending) {
  const oldest = pending.reduce((min, a) => Math.min(min, Date.parse(a.createdAt)), Infinity);
  const retrying = pending.filter(a => a.state === 'deferred').length;
  return { size: pending.length, retrying, oldest: Number.isFinite(oldest) ? oldest : null };
}
