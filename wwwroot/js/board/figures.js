// Renders the dashboard's figures (a DashboardDto) into the page the server painted first, with
// the same structure. Text goes in through textContent only (dom.js).
import { h, fill } from '../dom.js';
import { duration } from './format.js';
import { clock } from '../clock.js';

const hour = n => `${String(n).padStart(2, '0')}:00`;

// data-label names the column when a narrow screen stacks the table's cells (board.css).
const cell = (label, text) => h('td', { 'data-label': label }, text);

/** Everyone at a desk now, as the server painted it (Index.cshtml): the most recently called first. */
function atDesk(now, timeZone) {
  if (!now.length) return h('span', { class: 'muted' }, '—');
  return h('ul', { class: 'at-desk' }, now.map(n => h('li', { 'data-visit-id': n.id, 'data-status': n.status },
    h('span', { class: 'ticket' }, n.ticket), n.status === 'serving' ? ' serving since ' : ' called ',
    h('time', { datetime: n.since }, clock(n.since, timeZone)))));
}

export function renderFigures(root, d) {
  root.dataset.version = String(d.version);
  root.querySelector('[data-part="updated"]').textContent = clock(d.at, d.timeZone);

  const kpi = (name, text) => { root.querySelector(`[data-kpi="${name}"]`).textContent = text; };
  kpi('waiting', String(d.totals.waiting));
  kpi('longest', duration(d.totals.longestWait));
  kpi('averageWait', duration(d.totals.averageWait));
  kpi('averageService', duration(d.totals.averageService));
  kpi('served', String(d.totals.served));
  kpi('noShows', String(d.totals.noShows));

  root.querySelector('[data-part="arrived"]').textContent = String(d.totals.arrived);
  fill(root.querySelector('#channels'), d.channels.map(c => h('div', { class: 'channel', 'data-channel': c.channel },
    h('dt', {}, c.name), h('dd', {}, String(c.arrived)))));

  root.querySelector('[data-part="problems"]').textContent = String(d.problems);
  root.querySelector('#problems-link').classList.toggle('has-problems', d.problems > 0);

  fill(root.querySelector('#services'), d.services.map(s => h('tr', { 'data-service-id': s.id },
    h('th', { scope: 'row' }, `${s.name} `, h('span', { class: 'muted' }, `(${s.prefix})`)),
    cell('Waiting', s.figures.waiting),
    cell('Longest wait', duration(s.figures.longestWait)),
    cell('Average wait', duration(s.figures.averageWait)),
    cell('Average service', duration(s.figures.averageService)),
    cell('Served', s.figures.served),
    cell('No-shows', s.figures.noShows),
    cell('Open desks', s.openDesks))));

  fill(root.querySelector('#desks'), d.desks.map(desk => h('tr', { 'data-desk-id': desk.id },
    h('th', { scope: 'row' }, desk.name),
    h('td', { 'data-label': 'At the desk now', class: 'at-desk-cell' }, atDesk(desk.now, d.timeZone)),
    cell('Served', desk.served),
    cell('No-shows', desk.noShows),
    h('td', { class: 'desk-work' }, root.dataset.worksAtDesks !== 'true' ? null : h('a', { href: `/desk?desk=${encodeURIComponent(desk.id)}` }, 'Work here',
      h('span', { class: 'visually-hidden' }, ` at ${desk.name}`))))));

  fill(root.querySelector('#arrivals-head'), h('tr', {},
    h('th', { scope: 'col' }, 'Hour'), h('th', { scope: 'col' }, 'All'),
    d.arrivals.series.map(s => h('th', { scope: 'col' }, s.name))));
  fill(root.querySelector('#arrivals'), d.arrivals.hours.map((n, i) => h('tr', {},
    h('th', { scope: 'row' }, hour(n)),
    h('td', {}, d.arrivals.total[i]),
    d.arrivals.series.map(s => h('td', {}, s.counts[i])))));

  const serviceName = new Map(d.services.map(s => [s.id, s.name]));
  root.querySelector('[data-part="waiting-count"]').textContent = String(d.waiting.length);
  root.querySelector('#waiting-table').hidden = d.waiting.length === 0;
  root.querySelector('#waiting-empty').hidden = d.waiting.length > 0;
  fill(root.querySelector('#waiting'), d.waiting.map(w => h('tr', { 'data-visit-id': w.id },
    h('th', { scope: 'row', class: 'ticket' }, w.priority > 0 ? `${w.ticket} (high priority)` : w.ticket),
    cell('Service', serviceName.get(w.serviceId) ?? ''),
    cell('Place in line', w.position),
    cell('Waited so far', duration(w.waited)),
    cell('Estimated wait', duration(w.estimatedWait)))));
}
