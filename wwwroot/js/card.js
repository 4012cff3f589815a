// One visit's card: ticket, name, status, sync state (only when not synced: pending, retrying,
// failed), the actions its status allows (the step forward first), a renumbered ticket to tell the
// visitor, and the notes (conflicts, rejections) the receptionist must act on. Builds DOM only;
// visitor text goes in as text (dom.js), and is marked translate="no"; words come from the catalog
// (desk-words.js), so a card built again after a change of language speaks the new one.
import { append, h } from './dom.js';
import { clock } from './clock.js';
import { t } from './i18n.js';
import { allowedActions, isProblem } from './model.js';
import { fieldName, fieldValue, fieldsInSentence, ltr, noteText, ordinal, statusText, verb } from './desk-words.js';

// The step that moves the visitor forward stands out; the others are quieter.
const PRIMARY = new Set(['call', 'startService', 'complete']);
const SYNC_STATES = new Set(['pending', 'retrying', 'synced', 'failed', 'choice']);
// Where a visitor registered themselves; a desk's own registrations (and the API's) carry no tag.
const CHANNEL_TAGS = new Set(['remote', 'kiosk']);
const SEPARATOR = () => h('span', { class: 'sep', translate: 'no' }, ' · ');

function deskName(view, id) {
  return view.desks.find(d => d.id === id)?.name ?? t('desk.anotherDesk');
}

function statusWords(view, visit, position) {
  if (visit.status === 'waiting') {
    const estimate = view.estimate?.(visit.id);
    return (position ? t('desk.status.waitingPlace', { place: ordinal(position) }) : t('desk.status.waiting'))
      + (estimate ? ` · ${t('desk.status.estimate', { wait: estimate })}` : '');
  }
  if (visit.status === 'called') return visit.deskId === view.deskId ? t('desk.status.calledHere') : t('desk.status.calledTo', { desk: deskName(view, visit.deskId) });
  if (visit.status === 'serving') return visit.deskId === view.deskId ? t('desk.status.servingHere') : t('desk.status.servingAt', { desk: deskName(view, visit.deskId) });
  return statusText(visit.status);
}

export function signature(visit, position, estimate = null) {
  return JSON.stringify([visit.ticket, visit.provisional, visit.channel, visit.name, visit.phone, visit.notes, visit.priority,
    visit.status, visit.deskId, visit.serviceId, visit.arrivedAt, visit.sync, visit.code, position, estimate, visit.pending.map(a => a.type),
    visit.alerts.map(n => [n.key, n.conflicts?.length ?? 0])]);
}

/** The newest "your provisional ticket became …" note on the visit, if any. */
const renumbered = visit => visit.alerts.findLast(n => n.renumbered)?.renumbered ?? null;

const who = visit => `${ltr(visit.ticket)} ${visit.name}`;

/**
 * view: { deskId, desks, editing, estimate, timeZone } — whose desk this is, whether the visit's edit
 * form is open, estimate(visitId), the estimated wait as text (or null), and the branch's time zone.
 */
export function buildCard(view, visit, position) {
  const label = `${visit.ticket} ${visit.name}`;
  const node = h('li', {
    class: `visit status-${visit.status} is-${visit.sync}${visit.priority ? ' priority' : ''}`, 'data-visit-id': visit.id,
    'data-sync': visit.sync,
  });
  const renamed = renumbered(visit);
  const ticket = h('span', { class: 'ticket', translate: 'no', dir: 'ltr' }, visit.ticket);
  if (visit.provisional) {
    ticket.classList.add('provisional');
    ticket.title = t('desk.tag.provisionalTitle');
  }
  const sync = SYNC_STATES.has(visit.sync) ? visit.sync : 'failed';
  append(node, [
    h('div', { class: 'visit-head' },
      ticket,
      h('span', { class: 'name', translate: 'no' }, visit.name),
      visit.priority ? h('span', { class: 'tag tag-priority' }, t('desk.highPriority')) : null,
      visit.provisional ? h('span', { class: 'tag' }, t('desk.tag.provisional')) : null,
      CHANNEL_TAGS.has(visit.channel) ? h('span', { class: 'tag tag-channel', 'data-channel': visit.channel, title: t(`desk.tag.${visit.channel}Title`) }, t(`desk.tag.${visit.channel}`)) : null,
      visit.sync === 'synced' ? null : h('span', { class: `sync sync-${visit.sync}`, title: t(`desk.syncTitle.${sync}`) }, t(`desk.sync.${sync}`))),
    renamed ? h('p', { class: 'renumbered' }, t('desk.renumbered', { now: ltr(renamed.now), was: ltr(renamed.was) })) : null,
    h('p', { class: 'visit-meta' },
      h('span', { class: 'status' }, statusWords(view, visit, position)),
      SEPARATOR(), h('span', {}, t('desk.arrived', { time: ltr(clock(visit.arrivedAt, view.timeZone)) })),
      visit.phone ? [SEPARATOR(), h('span', {}, t('desk.phone')), h('span', { translate: 'no' }, ' '),
        h('span', { class: 'phone', translate: 'no', dir: 'ltr' }, visit.phone)] : null),
    visit.notes ? h('p', { class: 'visit-notes', translate: 'no' }, visit.notes) : null,
    actionBar(view, visit),
    visit.alerts.some(isProblem) ? h('div', { class: 'visit-alerts' }, visit.alerts.filter(isProblem).map(n => noteBlock(n, visit))) : null,
    h('div', { class: 'visit-editor' }),
  ]);
  node.setAttribute('aria-label', label);
  return node;
}

function actionBar(view, visit) {
  const bar = h('div', { class: 'visit-actions' });
  const actions = allowedActions(visit, view.deskId);
  for (const action of [...actions.filter(a => PRIMARY.has(a)), ...actions.filter(a => !PRIMARY.has(a))]) {
    const text = t(`desk.action.${action}`);
    append(bar, [h('button', {
      type: 'button', class: PRIMARY.has(action) ? null : 'secondary',
      'data-action': action, 'aria-label': t('desk.action.label', { action: text, visit: who(visit) }),
    }, text)]);
  }
  append(bar, [h('button', {
    type: 'button', class: 'secondary', 'data-command': 'edit', 'aria-expanded': view.editing ? 'true' : 'false',
    'aria-label': t('desk.edit.label', { visit: who(visit) }),
  }, t('desk.edit'))]);
  // The visitor's status page (visitor-qr.js opens it): only once the server has given the visit its code.
  if (visit.code) {
    append(bar, [h('button', { type: 'button', class: 'secondary', 'data-command': 'qr', 'data-code': visit.code,
      'data-ticket': visit.ticket, 'aria-label': t('desk.qr.label', { ticket: ltr(visit.ticket) }) }, t('desk.qr'))]);
  }
  return bar;
}

/** A conflict (with its one-click choices), a rejection or a failure, with its reason. */
export function noteBlock(note, visit) {
  const what = note.label ?? (visit ? who(visit) : t('desk.note.aVisit'));
  if (note.kind === 'conflict' && note.conflicts?.some(c => c.field !== 'status')) {
    const fields = note.conflicts.filter(c => c.field !== 'status');
    return h('div', { class: 'note note-conflict', role: 'group', 'aria-label': t('desk.conflict.label', { visit: what }) },
      h('p', { class: 'note-title' }, conflictTitle(fields)),
      fields.map(c => h('div', { class: 'conflict-field', 'data-field': c.field },
        h('p', { class: 'conflict-values' },
          h('strong', {}, fieldName(c.field)),
          h('span', { class: 'conflict-label' }, t('desk.conflict.server')),
          h('q', { class: 'server-value', translate: 'no' }, fieldValue(c.field, c.serverValue)),
          h('span', { class: 'conflict-label' }, t('desk.conflict.mine')),
          h('q', { class: 'desk-value', translate: 'no' }, fieldValue(c.field, c.mine))),
        h('div', { class: 'note-buttons' },
          h('button', { type: 'button', 'data-command': 'reapply', 'data-note': note.key, 'data-field': c.field,
            'aria-label': t('desk.conflict.reapplyLabel', { field: fieldsInSentence([c.field]) }) }, t('desk.conflict.reapply')),
          h('button', { type: 'button', class: 'secondary', 'data-command': 'accept', 'data-note': note.key, 'data-field': c.field,
            'aria-label': t('desk.conflict.acceptLabel', { field: fieldsInSentence([c.field]) }) }, t('desk.conflict.accept'))))));
  }
  const title = t(note.kind === 'conflict' ? 'desk.note.couldNot' : note.kind === 'failed' ? 'desk.note.couldNotSend' : 'desk.note.refused',
    { verb: verb(note.type) });
  // "call next" names no visit: its title says all ("Refused: could not call next").
  const named = note.type === 'callNext' ? title : t('desk.note.named', { title, visit: what });
  const by = note.conflicts?.find(c => c.field === 'status')?.by;
  return h('div', { class: `note note-${note.kind}`, role: 'group', 'aria-label': named },
    h('p', {}, h('strong', {}, t('desk.note.titled', { title: visit ? title : named })), h('span', {}, noteText(note)),
      by ? h('span', {}, ` ${t('desk.note.first', { who: by })}`) : null),
    h('div', { class: 'note-buttons' },
      h('button', { type: 'button', class: 'secondary', 'data-command': 'dismiss', 'data-note': note.key,
        'aria-label': t('desk.note.dismissLabel', { visit: what }) }, t('desk.note.dismiss'))));
}

// "Desk 1 changed the phone first": who won, in the words of the server (a desk, or a login's name).
function conflictTitle(fields) {
  const by = [...new Set(fields.map(c => c.by).filter(Boolean))];
  return t('desk.conflict.title', { who: by.length === 1 ? by[0] : t('desk.anotherDeskWho'), fields: fieldsInSentence(fields.map(c => c.field)) });
}
