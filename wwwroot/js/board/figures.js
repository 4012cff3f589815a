// Renders the dashboard's figures (a DashboardDto) into the page the server painted first, with
// the same structure. Text goes in through textContent only (dom.js).
import { h, fill } from '../dom.js';
import { duration } from './format.js';

const hour = n => `${String(n).padStart(2, '0')}:00`;

export function renderFigures(root, d) {
  root.dataset.version = String(d.version);
  root.querySelector('[data-part="updated"]').textContent = new Date(d.at).toLocaleTimeString([], { hour12: false });

  const kpi = (name, text) => { root.querySelector(`[data-kpi="${name}"]`).textContent = text; };
  kpi('waiting', String(d.totals.waiting));
  kpi('longest', duration(d.totals.longestWait));
  kpi('averageWait', duration(d.totals.averageWait));
  kpi('averageService', duration(d.totals.averageService));
  kpi('served', String(d.totals.served));
  kpi('noShows', String(d.totals.noShows));

  root.querySelector('[data-part="problems"]').textContent = String(d.problems);
  root.querySelector('#problems-link').classList.toggle('has-problems', d.problems > 0);

  fill(root.querySelector('#services'), d.services.map(s => h('tr', { 'data-service-id': s.id },
    h('th', { scope: 'row' }, `${s.name} `, h('span', { class: 'muted' }, `(${s.prefix})`)),
    h('td', {}, s.figures.waiting),
    h('td', {}, duration(s.figures.longestWait)),
    h('td', {}, duration(s.figures.averageWait)),
    h('td', {}, duration(s.figures.averageService)),
    h('td', {}, s.figures.served),
    h('td', {}, s.figures.noShows),
    h('td', {}, s.openDesks))));

  fill(root.querySelector('#desks'), d.desks.map(desk => h('tr', { 'data-desk-id': desk.id },
    h('th', { scope: 'row' }, desk.name),
    h('td', {}, desk.current == null ? '—' : `${desk.current} (${desk.currentStatus})`),
    h('td', {}, desk.served),
    h('td', {}, desk.noShows),
    h('td', {}, h('a', { href: `/desk?desk=${encodeURIComponent(desk.id)}` }, 'Work here',
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
    h('td', {}, serviceName.get(w.serviceId) ?? ''),
    h('td', {}, w.position),
    h('td', {}, duration(w.waited)),
    h('td', {}, duration(w.estimatedWait)))));
}
