// Renders the dashboard's figures (a DashboardDto) into the page the server painted first, with
// the same structure, in the page's language (the catalog's board.* keys). Text goes in through
// textContent only (dom.js); names, tickets, times and counts are data (translate="no").
import { h, fill } from '../dom.js';
import { duration } from './format.js';
import { clock } from '../clock.js';
import { t, number } from '../i18n.js';

const hour = n => `${String(n).padStart(2, '0')}:00`;

// data-label names the column when a narrow screen stacks the table's cells (board.css).
const cell = (label, text) => h('td', { 'data-label': t(label) }, text);
const count = (label, n) => h('td', { 'data-label': t(label), translate: 'no' }, number(n));

/** A text of the catalog that i18n.js writes again on a change of language. */
function say(el, key, args) {
  el.dataset.i18n = key;
  el.dataset.i18nArgs = JSON.stringify(args);
  el.textContent = t(key, args);
}

/** Everyone at a desk now, as the server painted it (Index.cshtml): the most recently called first. */
function atDesk(now, timeZone) {
  if (!now.length) return h('span', { class: 'muted' }, t('board.duration.none'));
  return h('ul', { class: 'at-desk' }, now.map(n => h('li', { 'data-visit-id': n.id, 'data-status': n.status },
    h('span', { class: 'ticket', translate: 'no', dir: 'ltr' }, n.ticket), ' ',
    h('span', {}, t(n.status === 'serving' ? 'board.servingSince' : 'board.called')), ' ',
    h('time', { datetime: n.since, translate: 'no' }, clock(n.since, timeZone)))));
}

export function renderFigures(root, d) {
  root.dataset.version = String(d.version);
  root.querySelector('[data-part="updated"]').textContent = clock(d.at, d.timeZone);

  const kpi = (name, text) => { root.querySelector(`[data-kpi="${name}"]`).textContent = text; };
  kpi('waiting', number(d.totals.waiting));
  kpi('longest', duration(d.totals.longestWait));
  kpi('averageWait', duration(d.totals.averageWait));
  kpi('averageService', duration(d.totals.averageService));
  kpi('served', number(d.totals.served));
  kpi('noShows', number(d.totals.noShows));

  say(root.querySelector('[data-part="arrived"]'), 'board.channels', { count: d.totals.arrived });
  fill(root.querySelector('#channels'), d.channels.map(c => h('div', { class: 'channel', 'data-channel': c.channel },
    h('dt', {}, t(`board.channel.${c.channel}`)), h('dd', { translate: 'no' }, number(c.arrived)))));

  root.querySelector('[data-part="problems"]').textContent = number(d.problems);
  root.querySelector('#problems-link').classList.toggle('has-problems', d.problems > 0);

  fill(root.querySelector('#services'), d.services.map(s => h('tr', { 'data-service-id': s.id },
    h('th', { scope: 'row', translate: 'no' }, `${s.name} `, h('span', { class: 'muted' }, `(${s.prefix})`)),
    count('board.col.waiting', s.figures.waiting),
    cell('board.col.longestWait', duration(s.figures.longestWait)),
    cell('board.col.averageWait', duration(s.figures.averageWait)),
    cell('board.col.averageService', duration(s.figures.averageService)),
    count('board.col.served', s.figures.served),
    count('board.col.noShows', s.figures.noShows),
    count('board.col.openDesks', s.openDesks))));

  fill(root.querySelector('#desks'), d.desks.map(desk => h('tr', { 'data-desk-id': desk.id },
    h('th', { scope: 'row', translate: 'no' }, desk.name),
    h('td', { 'data-label': t('board.col.atDesk'), class: 'at-desk-cell' }, atDesk(desk.now, d.timeZone)),
    count('board.col.served', desk.served),
    count('board.col.noShows', desk.noShows),
    h('td', { class: 'desk-work' }, root.dataset.worksAtDesks !== 'true' ? null : h('a', { href: `/desk?desk=${encodeURIComponent(desk.id)}` },
      h('span', {}, t('board.workHere')), h('span', { class: 'visually-hidden' }, ` ${t('board.workHereAt', { desk: desk.name })}`))))));

  fill(root.querySelector('#arrivals-head'), h('tr', {},
    h('th', { scope: 'col' }, t('board.col.hour')), h('th', { scope: 'col' }, t('board.col.all')),
    d.arrivals.series.map(s => h('th', { scope: 'col', translate: 'no' }, s.name))));
  fill(root.querySelector('#arrivals'), d.arrivals.hours.map((n, i) => h('tr', {},
    h('th', { scope: 'row' }, hour(n)),
    h('td', {}, number(d.arrivals.total[i])),
    d.arrivals.series.map(s => h('td', {}, number(s.counts[i]))))));

  const serviceName = new Map(d.services.map(s => [s.id, s.name]));
  root.querySelector('[data-part="waiting-count"]').textContent = number(d.waiting.length);
  root.querySelector('#waiting-table').hidden = d.waiting.length === 0;
  root.querySelector('#waiting-empty').hidden = d.waiting.length > 0;
  fill(root.querySelector('#waiting'), d.waiting.map(w => h('tr', { 'data-visit-id': w.id },
    h('th', { scope: 'row', class: 'ticket' }, h('span', { translate: 'no', dir: 'ltr' }, w.ticket),
      w.priority > 0 ? [' ', h('span', {}, t('board.highPriority'))] : null),
    h('td', { 'data-label': t('board.col.service'), translate: 'no' }, serviceName.get(w.serviceId) ?? ''),
    count('board.col.place', w.position),
    cell('board.col.waited', duration(w.waited)),
    cell('board.col.estimated', duration(w.estimatedWait)))));
}
