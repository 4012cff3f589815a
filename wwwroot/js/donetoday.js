// "Done today": the visitors this branch finished with today (served, no-show, cancelled), newest
// first, in a collapsible list; a no-show or cancelled visitor who turns up can be put back in the
// queue from here ("Back in queue": a reinstate, docs/protocol.md "Status machine").
// Invariants:
// - "today" is the branch's day (its time zone), as the server's reinstate rule counts it;
// - visitor text goes in as text only (dom.js); the list is rebuilt only when what it shows changed.
import { h } from './dom.js';
import { clock } from './clock.js';
import { onLanguage, t } from './i18n.js';
import { ltr } from './desk-words.js';

const CLOSED = new Set(['done', 'noShow', 'cancelled']);
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
    .filter(v => CLOSED.has(v.status) && closedAt(v) && dayOf(closedAt(v), timeZone) === today)
    .sort((a, b) => closedAt(b).localeCompare(closedAt(a)));
}

/** section: a <details> element with a <summary>; onBack(visitId) puts a visitor back in the queue. */
export function createDoneToday(section, { timeZone, onBack }) {
  const summary = section.querySelector('summary');
  const list = h('ol', { class: 'done-list' });
  const empty = h('p', { class: 'muted done-empty' });
  section.append(list, empty);
  let key = '';
  let last = null;

  section.addEventListener('click', e => {
    const button = e.target.closest('button[data-back]');
    if (!button || button.disabled) return;
    button.disabled = true;
    onBack(button.dataset.back);
  });

  const view = {
    render(state) {
      last = state;
      const visits = doneToday(state.visits, timeZone);
      const next = JSON.stringify(visits.map(v => [v.id, v.status, v.ticket, v.name, closedAt(v)]));
      if (next === key) return;
      key = next;
      summary.replaceChildren(h('span', { class: 'done-count' }, t('desk.doneToday.count', { count: visits.length })),
        h('span', { class: 'done-hint' }, t('desk.doneToday.hint')));
      empty.textContent = t('desk.doneToday.empty');
      empty.hidden = visits.length > 0;
      list.replaceChildren(...visits.map(v => h('li', { class: `done-item done-${v.status}`, 'data-visit-id': v.id },
        h('span', { class: 'done-time muted', translate: 'no' }, clock(closedAt(v), timeZone)),
        h('span', { class: 'ticket', translate: 'no', dir: 'ltr' }, v.ticket),
        h('span', { class: 'name', translate: 'no' }, v.name),
        h('span', { class: 'tag done-status' }, t(`desk.closed.${v.status}`)),
        BACK.has(v.status)
          ? h('button', { type: 'button', class: 'secondary done-back', 'data-back': v.id,
            'aria-label': t('desk.doneToday.backLabel', { visit: `${ltr(v.ticket)} ${v.name}` }) }, t('desk.doneToday.back'))
          : null)));
    },
  };
  onLanguage(() => {
    key = '';
    if (last) view.render(last);
  });
  return view;
}
