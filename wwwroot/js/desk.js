// The desk page's entry point: wires the cache, the outbox, tab leadership, the sync engine and the
// view. The page's server-rendered snapshot seeds the cache; from then on the view is always
// "cache snapshot ⊕ outbox", re-read from IndexedDB whenever this or another tab changed it.
import { readDesk, replaceSnapshot, deleteNote, uuid, ensureClient, saveAnnouncements } from './db.js';
import { enqueue, resolveConflict } from './outbox.js';
import { elect } from './leader.js';
import { startSync } from './sync.js';
import { createView } from './view.js';
import { outboxStats, overlay } from './model.js';
import { localDay, remaining } from './leases.js';
import { createWaits } from './waits.js';

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
const waits = createWaits(branch, () => refresh());

const view = createView(root, config, {
  onRegister: async visitor => {
    const prefix = config.snapshot.services.find(s => s.id === visitor.serviceId)?.prefix ?? '?';
    await enqueue(owner, branch, { type: 'register', visitId: uuid(), args: visitor, prefix });
    changed();
  },
  onAction: async (type, visitId, extra = {}) => {
    const args = ['call', 'recall', 'startService'].includes(type) ? { deskId: config.deskId } : { ...extra };
    await enqueue(owner, branch, { type, visitId, args, label: await labelOf(visitId) });
    changed();
  },
  onEdit: async (visitId, fields) => {
    await enqueue(owner, branch, { type: 'updateDetails', visitId, args: fields, label: await labelOf(visitId) });
    changed();
  },
  onResolve: async (noteKey, field, choice) => {
    await resolveConflict(owner, branch, noteKey, field, choice === 'reapply' ? 'reapply' : 'accept');
    changed();
  },
  onDismiss: async noteKey => {
    await deleteNote(noteKey);
    changed();
  },
  onCallNext: async () => {
    if (state.status !== 'online') return;
    await enqueue(owner, branch, { type: 'callNext', visitId: null, args: { deskId: config.deskId }, label: 'Call next' });
    changed();
  },
  onTakeOver: () => election?.takeOver(),
});

async function labelOf(visitId) {
  const { snapshot, pending } = await readDesk(owner, branch);
  const visit = overlay(snapshot?.visits, pending, []).get(visitId);
  return visit ? `${visit.ticket} ${visit.name}` : null;
}

// ------------------------------------------------------------------ rendering

let rendering = null;
let renderAgain = false;

/** Re-reads the cache and renders; calls while one runs collapse into one more. */
function refresh() {
  if (rendering) {
    renderAgain = true;
    return rendering;
  }
  rendering = (async () => {
    try {
      do {
        renderAgain = false;
        const data = await readDesk(owner, branch);
        const snapshot = data.snapshot ?? { version: 0, visits: {}, services: config.snapshot.services, desks: config.snapshot.desks };
        const day = localDay();
        view.render({
          ...state,
          estimate: waits.text,
          lastContactAt: state.lastContactAt ?? data.lastContactAt,
          services: snapshot.services,
          closedServices: snapshot.closedServices ?? [],
          desks: snapshot.desks,
          version: snapshot.version,
          visits: overlay(snapshot.visits, data.pending, data.notes),
          notes: data.notes,
          announcements: data.announcements,
          stats: outboxStats(data.pending),
          tickets: snapshot.services.map(s => `${s.prefix}: ${remaining(data.leases, s.id, day)} left`).join(' · '),
        });
      } while (renderAgain);
    } finally {
      rendering = null;
    }
  })();
  return rendering;
}

/** This tab changed the cache: show it, tell the other tabs, and get it sent. */
function changed() {
  refresh();
  waits.soon();
  election?.post({ type: 'changed' });
  if (sync) sync.drain();
  else election?.post({ type: 'drain' });
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
        refresh();
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
        refresh();
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
      refresh();
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
    state.offlineReady = 'not in this browser (a reload without network will fail)';
    refresh();
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
  refresh();
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
  await refresh();
  waits.soon();
  election = elect(owner, { onLead: lead, onFollow: follow, onMessage });
  setInterval(() => view.tick(), 1_000);
  prepareOffline();
}

start();
