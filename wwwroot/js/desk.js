// The desk page's entry point: wires the cache, the outbox, tab leadership, the sync engine and the
// view. The page's server-rendered snapshot seeds the cache; from then on the view is "cache
// snapshot ⊕ outbox": re-read from IndexedDB whenever another tab or the sync engine changed it, and
// this tab's own actions shown from memory at once, before their write completes (local.js).
import { readDesk, replaceSnapshot, deleteNote, uuid, ensureClient, saveAnnouncements } from './db.js';
import { enqueue, resolveConflict, undo } from './outbox.js';
import { elect } from './leader.js';
import { startSync } from './sync.js';
import { createView } from './view.js';
import { outboxStats, overlay } from './model.js';
import { remaining } from './leases.js';
import { createWaits } from './waits.js';
import { createLocal } from './local.js';
import { UNDO_MS, createUndoBar, holdsForUndo, undoable } from './undo.js';
import { createDoneToday } from './donetoday.js';
import { forgetPastDays } from './retention.js';

const PAGE_CACHE = 'reception-pages';

const root = document.getElementById('desk');
const config = JSON.parse(document.getElementById('desk-config').textContent);
const owner = `${config.branch}/${config.user}`;
const branch = config.branch;

const state = {
  status: navigator.onLine ? 'reconnecting' : 'offline',
  lastContactAt: null,
  error: null,
  leader: null,          // true: this tab syncs; false: another tab does; null: not known yet
  offlineReady: false,
};
let sync = null;
let election = null;
const local = createLocal();
let visits = new Map();  // as last shown
const waits = createWaits(branch, () => show());

const view = createView(root, config, {
  onRegister: visitor => {
    const prefix = config.snapshot.services.find(s => s.id === visitor.serviceId)?.prefix ?? '?';
    return act({ type: 'register', visitId: uuid(), args: visitor, prefix, online: state.status === 'online' });
  },
  onAction: (type, visitId, extra = {}) => {
    const args = ['call', 'recall', 'startService'].includes(type) ? { deskId: config.deskId } : { ...extra };
    return act({ type, visitId, args, label: labelOf(visitId), holdMs: holdsForUndo(type) ? UNDO_MS : 0 });
  },
  onEdit: (visitId, fields) => act({ type: 'updateDetails', visitId, args: fields, label: labelOf(visitId) }),
  onResolve: async (noteKey, field, choice) => {
    await resolveConflict(owner, branch, noteKey, field, choice === 'reapply' ? 'reapply' : 'accept');
    changed();
  },
  onDismiss: async noteKey => {
    await deleteNote(noteKey);
    changed();
  },
  onCallNext: () => {
    if (state.status !== 'online') return null;
    return act({ type: 'callNext', visitId: null, args: { deskId: config.deskId }, label: null });
  },
  onTakeOver: () => election?.takeOver(),
});

const undoBar = createUndoBar(document.getElementById('undo-bar'), {
  onUndo: async mutationId => {
    const undone = await undo(owner, mutationId);
    if (undone) changed();
    return undone;
  },
});

const doneList = createDoneToday(document.getElementById('done-today'), {
  timeZone: config.timeZone,
  // A closing action still unsent is simply taken back; else the server is asked to reinstate.
  onBack: async visitId => {
    const { pending } = await readDesk(owner, branch);
    const closing = undoable(pending, 'offline').findLast(a => a.visitId === visitId);
    if (closing && await undo(owner, closing.mutationId)) changed();
    else await act({ type: 'reinstate', visitId, args: {}, label: labelOf(visitId) });
  },
});

function labelOf(visitId) {
  const visit = visits.get(visitId);
  return visit ? `${visit.ticket} ${visit.name}` : null;
}

/**
 * One action of this desk: shown at once (before anything is awaited), stored in the outbox in the
 * background, then announced to the other tabs and the sync engine.
 */
async function act(draft) {
  const entry = local.add(owner, draft);
  show();
  let record;
  try {
    record = await enqueue(owner, branch, draft);
  } catch (e) {
    local.failed(entry);
    refresh();
    throw e;
  }
  // Another writer came in between (a tab whose "changed" has not arrived yet): read it all again.
  if (local.stored(entry, record)) refresh();
  // A registration's stored arrival time (and, if another tab registered meanwhile, its ticket) is the
  // write's own; other actions show the same as their draft did (but for a held one:
  // the undo bar needs its mutation id and hold).
  else if (draft.type === 'register' || draft.holdMs) show();
  announce();
}

// ------------------------------------------------------------------ rendering

let reading = null;
let readAgain = false;

/** Re-reads the cache and shows it; calls while one runs collapse into one more. */
function refresh() {
  if (reading) {
    readAgain = true;
    return reading;
  }
  reading = (async () => {
    try {
      do {
        readAgain = false;
        const seq = local.begin();
        const data = await readDesk(owner, branch);
        if (local.read(seq, data)) show();
      } while (readAgain);
    } finally {
      reading = null;
    }
  })();
  return reading;
}

/** Renders the last read with this tab's newer actions on top: memory only, no await. */
function show() {
  const data = local.data;
  if (!data) return;
  const snapshot = data.snapshot ?? { version: 0, visits: {}, services: config.snapshot.services, desks: config.snapshot.desks };
  const pending = local.pending();
  const leases = local.leases();
  visits = overlay(snapshot.visits, pending, data.notes);
  view.render({
    ...state,
    estimate: waits.text,
    lastContactAt: state.lastContactAt ?? data.lastContactAt,
    services: snapshot.services,
    closedServices: snapshot.closedServices ?? [],
    desks: snapshot.desks,
    version: snapshot.version,
    visits,
    notes: data.notes,
    announcements: data.announcements,
    stats: outboxStats(pending),
    tickets: snapshot.services.map(s => ({ prefix: s.prefix, count: remaining(leases, s.id) })),
  });
  undoBar.render({ pending, status: state.status });
  doneList.render({ visits });
}

/** This tab's action is stored: tell the other tabs, and get it sent. */
function announce() {
  if (navigator.onLine) waits.soon();   // offline, the estimates cannot be fetched: the last ones stay
  election?.post({ type: 'changed' });
  if (sync) sync.drain();
  else election?.post({ type: 'drain' });
}

/** This tab changed the cache some other way (a note): show it, and tell the others. */
function changed() {
  refresh();
  announce();
}

// ------------------------------------------------------------------ leadership

function lead() {
  state.leader = true;
  sync = startSync({
    owner, branch,
    hooks: {
      onChanged: () => {
        refresh();
        waits.soon();
        election?.post({ type: 'changed' });
      },
      onStatus: status => {
        Object.assign(state, status);
        election?.post({ type: 'status', ...status });
        show();
      },
    },
  });
  refresh();
}

async function follow() {
  state.leader = false;
  const stopping = sync;
  sync = null;
  if (stopping) await stopping.stop();
  election?.post({ type: 'hello' });
  refresh();
}

function onMessage(message) {
  switch (message?.type) {
    case 'changed':
      refresh();
      waits.soon();
      break;
    case 'drain':
      sync?.drain();
      break;
    case 'hello':
      if (sync) election.post({ type: 'status', ...sync.status() });
      break;
    case 'status':
      if (!sync) {
        state.status = navigator.onLine ? message.status : 'offline';
        state.lastContactAt = message.lastContactAt;
        state.error = message.error;
        show();
      }
      break;
    case 'leader':
      if (!sync) election.post({ type: 'hello' });
      break;
    default:
      break;
  }
}

// A follower has no connection of its own: its own network state still counts at once.
for (const event of ['online', 'offline']) {
  addEventListener(event, () => {
    if (!sync) {
      state.status = navigator.onLine ? 'reconnecting' : 'offline';
      election?.post({ type: 'hello' });
      show();
    }
  });
}

// ------------------------------------------------------------------ offline page

/**
 * Registers the service worker and stores this page in its page cache, so a reload without a
 * network still opens the desk (with its queue and outbox from IndexedDB).
 */
async function prepareOffline() {
  if (!('serviceWorker' in navigator) || !('caches' in window)) {
    state.offlineReady = 'unsupported';
    show();
    return;
  }
  try {
    // Registering again after a failed install (the network dropped while precaching) retries it.
    await navigator.serviceWorker.register('/sw.js', { scope: '/desk', updateViaCache: 'none' });
    await Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(reject, 20_000))]);
    const pages = await caches.open(PAGE_CACHE);
    if (navigator.onLine) {
      const response = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store' });
      if (response.ok && !response.redirected) await pages.put(location.href, response);
    }
    state.offlineReady = !!(await pages.match(location.href, { ignoreVary: true }));
  } catch {
    // No copy yet (the network went away meanwhile, private mode, storage full): tried again
    // when the network is back; the desk works meanwhile while this tab stays open.
  }
  document.documentElement.dataset.offlineReady = String(state.offlineReady);
  if (!state.offlineReady) {
    if (navigator.onLine) setTimeout(prepareOffline, 10_000);
    else addEventListener('online', prepareOffline, { once: true });
  }
  show();
}

// Signing out forgets the stored desk page: the next person at this computer must sign in. (The
// outbox stays: what it holds is sent when this login signs in here again.)
document.addEventListener('submit', async event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.dataset.forgotten
    || new URL(form.action, location.href).pathname !== '/logout' || !('caches' in window)) return;
  event.preventDefault();
  try {
    await caches.delete(PAGE_CACHE);
  } finally {
    form.dataset.forgotten = 'true';
    form.submit();
  }
});

// ------------------------------------------------------------------ start

async function start() {
  await ensureClient(owner);
  await replaceSnapshot(branch, config.version, config.snapshot);
  await saveAnnouncements(branch, config.notifications);
  await forgetPastDays(branch, owner, config.timeZone);
  await refresh();
  waits.soon();
  election = elect(owner, { onLead: lead, onFollow: follow, onMessage });
  setInterval(() => view.tick(), 1_000);
  prepareOffline();
}

start();
