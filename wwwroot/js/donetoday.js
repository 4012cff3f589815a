// "Done today": the visitors this branch finished with today (served, no-show, cancelled), newest
// first, in a collapsible list; a no-show or cancelled visitor who turns up can be put back in the
// queue from here ("Back in queue": a reinstate, docs/protocol.md "Status machine").
// Invariants:
// - "today" is the branch's day (its time zone), as the server's reinstate rule counts it;
// - visitor text goes in as text only (dom.js); the list is rebuilt only when what it shows changed.
import { h } from './dom.js';
import { clock } from './clock.js';

const CLOSED = { done: 'Served', noShow: 'No-show', cancelled: 'Cancelled' };
const BACK = new Set(['noShow', 'cancelled']);
const days = new Map();

/** "2026-12-01": the day of a time in a time zone (a key to compare, never shown). */
function dayOf(at, timeZone) {
  const zone = timeZone || 'UTC';
  if (!days.has(zone)) {
    try {
      days.set(zone, new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }));
    } catch {
      days.set(zone, new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }));
    }
  }
  return days.get(zone).format(new Date(at));
}

const closedAt = v => v.completedAt ?? v.updatedAt;

/** The visits finished today, newest first. */
export function doneToday(visits, timeZone, now = new Date()) {
  const today = dayOf(now, timeZone);
  return [...visits.values()]
    .filter(v => v.status in CLOSED && closedAt(v) && dayOf(closedAt(v), timeZone) === today)
    .sort((a, b) => closedAt(b).localeCompare(closedAt(a)));
}

/** section: a <details> element with a <summary>; onBack(visitId) puts a visitor back in the queue. */
export function createDoneToday(section, { timeZone, onBack }) {
  const summary = section.querySelector('summary');
  const list = h('ol', { class: 'done-list' });
  const empty = h('p', { class: 'muted done-empty' }, 'No one has been served, marked as a no-show or cancelled yet today.');
  section.append(list, empty);
  let key = '';

  section.addEventListener('click', e => {
    const button = e.target.closest('button[data-back]');
    if (!button || button.disabled) return;
    button.disabled = true;
    onBack(button.dataset.back);
  });

  return {
    render(state) {
      const visits = doneToday(state.visits, timeZone);
      const next = JSON.stringify(visits.map(v => [v.id, v.status, v.ticket, v.name, closedAt(v)]));
      if (next === key) return;
      key = next;
      summary.replaceChildren(`Done today (${visits.length})`,
        h('span', { class: 'done-hint' }, 'served, no-shows, cancelled: put someone back in the queue from here'));
      empty.hidden = visits.length > 0;
      list.replaceChildren(...visits.map(v => h('li', { class: `done-item done-${v.status}`, 'data-visit-id': v.id },
        h('span', { class: 'done-time muted' }, clock(closedAt(v), timeZone)),
        h('span', { class: 'ticket' }, v.ticket),
        h('span', { class: 'name' }, v.name),
        h('span', { class: `tag done-status` }, CLOSED[v.status]),
        BACK.has(v.status)
          ? h('button', { type: 'button', class: 'secondary done-back', 'data-back': v.id,
            'aria-label': `Back in queue: ${v.ticket} ${v.name}` }, 'Back in queue')
          : null)));
    },
  };
}
