// The managers' dashboard: follows the branch on the queue hub (the desk's own connection module)
// and, shortly after each change, fetches the figures the server computed.
// Invariants:
// - figures only ever move forward: an answer older than what is shown (a lower version) is dropped;
// - bursts of changes cost one fetch: the first change waits DEBOUNCE_MS, later ones join it,
//   and the fetch never waits longer than MAX_WAIT_MS after the first;
// - a (re)connect fetches at once (changes may have been missed while away); so does a timer, for
//   the waits that grow by time alone.
import { createLink } from '../hub.js';
import { renderFigures } from './figures.js';
import { createArrivalsChart } from './arrivals.js';
import { t, onLanguage } from '../i18n.js';

const DEBOUNCE_MS = 150;
const MAX_WAIT_MS = 500;
const REFRESH_MS = 30_000;

const root = document.getElementById('dashboard');
const config = JSON.parse(document.getElementById('dashboard-config').textContent);
const url = `/dashboard?handler=figures&branch=${encodeURIComponent(config.branch)}`;
const s = { version: config.figures.version, figures: config.figures, status: null, timer: 0, firstAt: 0, fetching: null, again: false };

const updateChart = createArrivalsChart(document.getElementById('arrivals-chart'), config.figures);

async function fetchFigures() {
  if (s.fetching) {
    s.again = true;
    return;
  }
  s.fetching = (async () => {
    do {
      s.again = false;
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) continue;
        const figures = await response.json();
        if (figures.version < s.version) continue;
        s.version = figures.version;
        s.figures = figures;
        renderFigures(root, figures);
        updateChart(figures);
      } catch {
        // Offline for a moment: the next change, reconnect or timer fetches again.
      }
    } while (s.again);
    s.fetching = null;
  })();
}

function soon() {
  const now = Date.now();
  if (!s.timer) s.firstAt = now;
  clearTimeout(s.timer);
  const wait = Math.max(0, Math.min(DEBOUNCE_MS, s.firstAt + MAX_WAIT_MS - now));
  s.timer = setTimeout(() => { s.timer = 0; fetchFigures(); }, wait);
}

const badge = document.getElementById('live');
const words = { online: 'board.live.online', offline: 'board.live.offline', reconnecting: 'board.live.reconnecting' };
const showStatus = () => {
  if (!s.status) return;
  badge.className = `badge badge-${s.status}`;
  badge.querySelector('[data-part="state"]').textContent = words[s.status] ? t(words[s.status]) : s.status;
};

const link = createLink({
  onConnected: () => {
    link.invoke('Subscribe', [config.branch]).catch(() => {});
    fetchFigures();
  },
  onChanges: message => {
    if (message.branch === config.branch) soon();
  },
  onNotify: () => {},
  onStatus: status => {
    s.status = status;
    showStatus();
  },
});

renderFigures(root, config.figures);   // the same figures, with times on this computer's clock
onLanguage(tag => {
  root.lang = tag;
  root.dir = document.documentElement.dir;
  renderFigures(root, s.figures);
  updateChart(s.figures, { relabel: true });
  showStatus();
});
link.start();
setInterval(fetchFigures, REFRESH_MS);
root.dataset.ready = 'true';
