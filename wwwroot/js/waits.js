// The estimated wait of each waiting visitor, for the desk (GET /waits/{branch}: the dashboard's
// numbers), worded from the catalog. The service worker's precache of js/*.js covers it. Invariants:
// - fetched shortly after the queue changed (calls collapse into one), and every minute, as
//   waits grow by time alone; never in a loop with rendering;
// - only ever moves forward (an older version's answer is dropped); offline, the last known stays;
// - onChange runs only when an estimate actually changed.
import { t } from './i18n.js';

const DEBOUNCE_MS = 300;
const EVERY_MS = 60_000;

export function createWaits(branch, onChange) {
  const s = { byVisit: new Map(), version: -1, timer: 0, json: '' };

  async function load() {
    try {
      const response = await fetch(`/waits/${encodeURIComponent(branch)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const body = await response.json();
      if (body.version < s.version) return;
      s.version = body.version;
      const entries = body.waiting.filter(w => w.estimatedWait != null).map(w => [w.id, w.estimatedWait]);
      const json = JSON.stringify(entries);
      if (json === s.json) return;
      s.json = json;
      s.byVisit = new Map(entries);
      onChange();
    } catch {
      // Offline or the server away: the last estimates stay until the next change or minute.
    }
  }

  setInterval(load, EVERY_MS);

  return {
    /** The queue changed: fetch the estimates again, soon. */
    soon() {
      clearTimeout(s.timer);
      s.timer = setTimeout(load, DEBOUNCE_MS);
    },
    /** "about 12 min", "under a minute", or null when there is no estimate (no service time yet today). */
    text(visitId) {
      const seconds = s.byVisit.get(visitId);
      if (seconds == null) return null;
      if (seconds < 60) return t('desk.wait.underMinute');
      const minutes = Math.round(seconds / 60);   // as the dashboard writes it (board/format.js)
      return minutes < 60 ? t('desk.wait.minutes', { count: minutes })
        : t('desk.wait.hours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
    },
  };
}
