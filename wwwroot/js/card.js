// One visit's card: ticket, name, status, sync state (only when not synced: pending, retrying,
// failed), the actions its status allows (the step forward first), a renumbered ticket to tell the
// visitor, and the notes (conflicts, rejections) the receptionist must act on. Builds DOM only;
// visitor text goes in as text (dom.js).
import { append, h } from './dom.js';
import { clock } from './clock.js';
import { STATUS_TEXT, VERBS, allowedActions, isProblem } from './model.js';

const ACTION_TEXT = {
  call: 'Call', recall: 'Recall', startService: 'Start', complete: 'Complete', noShow: 'No-show',
  cancel: 'Cancel visit', requeue: 'Return to queue',
};
// The step that moves the visitor forward stands out; the others are quieter.
const PRIMARY = new Set(['call', 'startService', 'complete']);
const SYNC_TITLE = {
  pending: 'Saved on this desk; waiting to reach the server.',
  retrying: 'The server has it and is applying it in the background (its database was busy): nothing to do here.',
  synced: 'The server has it.',
  failed: 'The server did not accept a change: see below.',
  choice: 'Another desk changed this visitor first: choose below which value to keep.',
};
const SYNC_TEXT = { choice: 'needs a choice' };
const FIELD_TEXT = { name: 'Name', phone: 'Phone', notes: 'Notes', priority: 'Priority', status: 'Status' };

function deskName(view, id) {
  return view.desks.find(d => d.id === id)?.name ?? 'another desk';
}

function statusText(view, visit, position) {
  if (visit.status === 'waiting') {
    const estimate = view.estimate?.(visit.id);
    return (position ? `Waiting · ${ordinal(position)} in line` : 'Waiting') + (estimate ? ` · est. wait ${estimate}` : '');
  }
  if (visit.status === 'called') return visit.deskId === view.deskId ? 'Called to this desk' : `Called to ${deskName(view, visit.deskId)}`;
  if (visit.status === 'serving') return visit.deskId === view.deskId ? 'Being served here' : `Being served at ${deskName(view, visit.deskId)}`;
  return STATUS_TEXT[visit.status] ?? visit.status;
}

// Where a visitor registered themselves; a desk's own registrations (and the API's) carry no tag.
const CHANNEL_TAG = {
  remote: { text: 'remote', title: 'Joined the queue from their own phone' },
  kiosk: { text: 'kiosk', title: 'Registered at the kiosk' },
};

export function signature(visit, position, estimate = null) {
  return JSON.stringify([visit.ticket, visit.provisional, visit.channel, visit.name, visit.phone, visit.notes, visit.priority,
    visit.status, visit.deskId, visit.serviceId, visit.arrivedAt, visit.sync, visit.code, position, estimate, visit.pending.map(a => a.type),
    visit.alerts.map(n => [n.key, n.conflicts?.length ?? 0])]);
}

/** The newest "your provisional ticket became …" note on the visit, if any. */
const renumbered = visit => visit.alerts.findLast(n => n.renumbered)?.renumbered ?? null;

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
  const ticket = h('span', { class: 'ticket' }, visit.ticket);
  if (visit.provisional) {
    ticket.classList.add('provisional');
    ticket.title = 'Provisional ticket: the real number comes when this desk is back online.';
  }
  append(node, [
    h('div', { class: 'visit-head' },
      ticket,
      h('span', { class: 'name' }, visit.name),
      visit.priority ? h('span', { class: 'tag tag-priority' }, 'High priority') : null,
      visit.provisional ? h('span', { class: 'tag' }, 'provisional') : null,
      CHANNEL_TAG[visit.channel] ? h('span', { class: 'tag tag-channel', 'data-channel': visit.channel, title: CHANNEL_TAG[visit.channel].title }, CHANNEL_TAG[visit.channel].text) : null,
      visit.sync === 'synced' ? null : h('span', { class: `sync sync-${visit.sync}`, title: SYNC_TITLE[visit.sync] }, SYNC_TEXT[visit.sync] ?? visit.sync)),
    renamed ? h('p', { class: 'renumbered' }, `Now ${renamed.now} (was ${renamed.was}) — tell the visitor`) : null,
    h('p', { class: 'visit-meta' },
      h('span', { class: 'status' }, statusText(view, visit, position)),
      ` · arrived ${clock(visit.arrivedAt, view.timeZone)}`,
      visit.phone ? [' · phone ', h('span', { class: 'phone' }, visit.phone)] : null),
    visit.notes ? h('p', { class: 'visit-notes' }, visit.notes) : null,
    actionBar(view, visit),
    visit.alerts.some(isProblem) ? h('div', { class: 'visit-alerts' }, visit.alerts.filter(isProblem).map(n => noteBlock(n, visit))) : null,
    h('div', { class: 'visit-editor' }),
  ]);
  node.setAttribute('aria-label', label);
  return node;
}

function actionBar(view, visit) {
  const who = `${visit.ticket} ${visit.name}`;
  const bar = h('div', { class: 'visit-actions' });
  const actions = allowedActions(visit, view.deskId);
  for (const action of [...actions.filter(a => PRIMARY.has(a)), ...actions.filter(a => !PRIMARY.has(a))]) {
    append(bar, [h('button', {
      type: 'button', class: PRIMARY.has(action) ? null : 'secondary',
      'data-action': action, 'aria-label': `${ACTION_TEXT[action]} ${who}`,
    }, ACTION_TEXT[action])]);
  }
  append(bar, [h('button', {
    type: 'button', class: 'secondary', 'data-command': 'edit', 'aria-expanded': view.editing ? 'true' : 'false',
    'aria-label': `Edit details of ${who}`,
  }, 'Edit details')]);
  // The visitor's status page (visitor-qr.js opens it): only once the server has given the visit its code.
  if (visit.code) {
    append(bar, [h('button', { type: 'button', class: 'secondary', 'data-command': 'qr', 'data-code': visit.code,
      'data-ticket': visit.ticket, 'aria-label': `QR code of ${visit.ticket}'s status page` }, 'QR')]);
  }
  return bar;
}

function show(value) {
  if (value === null || value === undefined || value === '') return '(empty)';
  return String(value);
}

function fieldValue(field, value) {
  if (field === 'priority') return Number(value) === 1 ? 'high' : 'normal';
  if (field === 'status') return STATUS_TEXT[value] ?? show(value);
  return show(value);
}

/** A conflict (with its one-click choices), a rejection or a failure, with its reason. */
export function noteBlock(note, visit) {
  const what = note.label ?? (visit ? `${visit.ticket} ${visit.name}` : 'a visit');
  if (note.kind === 'conflict' && note.conflicts?.some(c => c.field !== 'status')) {
    const fields = note.conflicts.filter(c => c.field !== 'status');
    const names = fields.map(c => (FIELD_TEXT[c.field] ?? c.field).toLowerCase()).join(' and ');
    return h('div', { class: 'note note-conflict', role: 'group', 'aria-label': `Conflict on ${what}` },
      h('p', { class: 'note-title' }, conflictTitle(fields, names)),
      fields.map(c => h('div', { class: 'conflict-field', 'data-field': c.field },
        h('p', { class: 'conflict-values' },
          h('strong', {}, FIELD_TEXT[c.field] ?? c.field),
          h('span', { class: 'conflict-label' }, 'On the server now:'), h('q', { class: 'server-value' }, fieldValue(c.field, c.serverValue)),
          h('span', { class: 'conflict-label' }, 'This desk had:'), h('q', { class: 'desk-value' }, fieldValue(c.field, c.mine))),
        h('div', { class: 'note-buttons' },
          h('button', { type: 'button', 'data-command': 'reapply', 'data-note': note.key, 'data-field': c.field,
            'aria-label': `Re-apply this desk's ${FIELD_TEXT[c.field]?.toLowerCase() ?? c.field}` }, 'Re-apply mine'),
          h('button', { type: 'button', class: 'secondary', 'data-command': 'accept', 'data-note': note.key, 'data-field': c.field,
            'aria-label': `Accept the server's ${FIELD_TEXT[c.field]?.toLowerCase() ?? c.field}` }, 'Accept server\'s')))));
  }
  const title = note.kind === 'conflict' ? `Could not ${VERBS[note.type] ?? note.type}` :
    note.kind === 'failed' ? `Could not send "${VERBS[note.type] ?? note.type}"` : `Refused: could not ${VERBS[note.type] ?? note.type}`;
  // "call next" names no visit: its title says all ("Refused: could not call next").
  const named = note.type === 'callNext' ? title : `${title} ${what}`;
  const by = note.conflicts?.find(c => c.field === 'status')?.by;
  return h('div', { class: `note note-${note.kind}`, role: 'group', 'aria-label': named },
    h('p', {}, h('strong', {}, `${visit ? title : named}: `), note.reason ?? '', by ? ` (${by} got there first.)` : ''),
    h('div', { class: 'note-buttons' },
      h('button', { type: 'button', class: 'secondary', 'data-command': 'dismiss', 'data-note': note.key,
        'aria-label': `Dismiss the note on ${what}` }, 'Dismiss')));
}

// "Desk 1 changed the phone first": who won, in the words of the server (a desk, or a login's name).
function conflictTitle(fields, names) {
  const who = [...new Set(fields.map(c => c.by).filter(Boolean))];
  return `${who.length === 1 ? who[0] : 'Another desk'} changed the ${names} first, so this desk's change was not saved. Choose which to keep.`;
}

function ordinal(n) {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}
