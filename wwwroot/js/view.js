// Renders the desk: the badge and sync line, the queue per service, each visit with the actions
// its status allows, and the notes a receptionist must act on. Commands go back through
// `handlers`; this module never talks to IndexedDB or the server.
// Invariants:
// - visitor text is inserted as text only (dom.js);
// - a visit's card is rebuilt only when what it shows changed, and an open edit form keeps what
//   the receptionist typed.
import { fill, h, time } from './dom.js';
import { OPEN, ago, displayOrder, duration, isProblem } from './model.js';
import { buildCard, noteBlock, signature } from './card.js';
import { buildEditor, readEditor } from './editor.js';

const BADGE_TEXT = { online: 'Online', offline: 'Offline', reconnecting: 'Reconnecting…' };
const INFO_SHOWN_MS = 20_000;

export function createView(root, config, handlers) {
  const $ = selector => root.querySelector(selector);
  const cards = new Map();      // visitId → { node, signature }
  const editors = new Map();    // visitId → open edit form
  const sections = new Map();   // serviceId → { section, list, count, empty }
  let last = null;

  root.addEventListener('click', e => {
    const button = e.target.closest('button[data-command], button[data-action]');
    if (!button || !root.contains(button) || button.disabled) return;
    const card = button.closest('[data-visit-id]');
    const visitId = card?.dataset.visitId;
    const command = button.dataset.command;
    if (button.dataset.action) handlers.onAction(button.dataset.action, visitId);
    else if (command === 'edit') toggleEditor(visitId);
    else if (command === 'close-edit') closeEditor(visitId);
    else if (command === 'transfer') transfer(visitId, button);
    else if (command === 'reapply' || command === 'accept') handlers.onResolve(button.dataset.note, button.dataset.field, command);
    else if (command === 'dismiss') handlers.onDismiss(button.dataset.note);
    else if (command === 'call-next') handlers.onCallNext();
    else if (command === 'take-over') handlers.onTakeOver();
  });

  root.addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    if (form.id === 'register-form') register(form);
    else if (form.classList.contains('visit-edit')) saveEdit(form);
  });

  function register(form) {
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name) {
      form.elements.name.setCustomValidity('Type the visitor\'s name.');
      form.elements.name.reportValidity();
      form.elements.name.setCustomValidity('');
      return;
    }
    handlers.onRegister({
      serviceId: String(data.get('serviceId')),
      name,
      phone: String(data.get('phone') ?? '').trim() || null,
      notes: String(data.get('notes') ?? '').trim() || null,
      priority: data.get('priority') ? 1 : 0,
    });
    form.reset();
    if (last) form.elements.serviceId.value = defaultService(last);
    form.elements.name.focus();
  }

  function defaultService(state) {
    const mine = state.desks.find(d => d.id === config.deskId)?.serviceIds ?? [];
    return (state.services.find(s => mine.includes(s.id)) ?? state.services[0])?.id ?? '';
  }

  // ---------------------------------------------------------------- edit form

  function toggleEditor(visitId) {
    if (editors.has(visitId)) closeEditor(visitId);
    else openEditor(visitId);
  }

  function openEditor(visitId) {
    const visit = last?.visits.get(visitId);
    if (!visit) return;
    const form = buildEditor(visit, last.services);
    editors.set(visitId, form);
    const card = cards.get(visitId);
    if (card) {
      card.node.querySelector('.visit-editor').append(form);
      card.node.querySelector('[data-command="edit"]')?.setAttribute('aria-expanded', 'true');
    }
    form.elements.name.focus();
  }

  function saveEdit(form) {
    const visitId = form.dataset.visitId;
    const visit = last?.visits.get(visitId);
    const changed = visit && readEditor(form, visit);
    if (!changed) return;
    closeEditor(visitId);
    if (Object.keys(changed).length) handlers.onEdit(visitId, changed);
  }

  function closeEditor(visitId) {
    editors.get(visitId)?.remove();
    editors.delete(visitId);
    const button = cards.get(visitId)?.node.querySelector('[data-command="edit"]');
    button?.setAttribute('aria-expanded', 'false');
    button?.focus();
  }

  function transfer(visitId, button) {
    const serviceId = button.closest('form').elements.transferTo.value;
    closeEditor(visitId);
    handlers.onAction('transfer', visitId, { serviceId });
  }

  // ---------------------------------------------------------------- cards

  // ---------------------------------------------------------------- sections

  function ensureSections(state) {
    const queues = $('#queues');
    if (!sections.size) queues.replaceChildren();   // the server's first paint, now ours
    for (const service of state.services) {
      if (sections.has(service.id)) continue;
      const titleId = `queue-${service.id}`;
      const count = h('span', { class: 'count' });
      const list = h('ol', { class: 'visits', 'aria-labelledby': titleId });
      const empty = h('p', { class: 'empty muted' }, 'No one is waiting.');
      const section = h('section', { class: 'queue card', 'data-service-id': service.id },
        h('h2', { id: titleId }, service.name, ' ', count), list, empty);
      queues.append(section);
      sections.set(service.id, { section, list, count, empty });
    }
  }

  function renderQueues(state) {
    ensureSections(state);
    const queues = state.services.map(service => [service,
      [...state.visits.values()].filter(v => v.serviceId === service.id && OPEN.includes(v.status)).sort(displayOrder)]);
    const seen = new Set(queues.flatMap(([, visits]) => visits.map(v => v.id)));
    // Leaving cards go first and focus moves last: removing or focusing an element makes the browser
    // bring its styles up to date at once, cheap before the other cards change, costly in between.
    for (const [id, card] of cards) {
      if (seen.has(id)) continue;
      card.node.remove();
      cards.delete(id);
      editors.delete(id);
    }
    let refocus = null;
    for (const [service, visits] of queues) {
      const { list, count, empty } = sections.get(service.id);
      const waiting = visits.filter(v => v.status === 'waiting').length;
      count.textContent = `(${waiting} waiting)`;
      empty.hidden = visits.length > 0;
      let position = 0;
      visits.forEach((visit, i) => {
        const place = visit.status === 'waiting' ? ++position : 0;
        const estimate = visit.status === 'waiting' ? state.estimate?.(visit.id) ?? null : null;
        const sig = signature(visit, place, estimate);
        let card = cards.get(visit.id);
        if (!card || card.signature !== sig) {
          const focus = focusInside(card?.node);
          const node = buildCard({ deskId: config.deskId, desks: state.desks, editing: editors.has(visit.id), estimate: state.estimate },
            visit, place);
          if (editors.has(visit.id)) node.querySelector('.visit-editor').append(editors.get(visit.id));
          if (card) card.node.replaceWith(node);
          card = { node, signature: sig };
          cards.set(visit.id, card);
          if (focus) refocus = [node, focus];
        }
        if (list.children[i] !== card.node) list.insertBefore(card.node, list.children[i] ?? null);
      });
    }
    if (refocus) restoreFocus(...refocus);
  }

  function focusInside(node) {
    const active = document.activeElement;
    if (!node || !active || !node.contains(active) || active.closest('.visit-editor')) return null;
    return active.dataset.action ?? active.dataset.command ?? null;
  }

  function restoreFocus(node, key) {
    if (!key) return;
    const target = node.querySelector(`[data-action="${key}"], [data-command="${key}"]`) ?? node.querySelector('button');
    target?.focus();
  }

  function renderAttention(state) {
    const orphans = state.notes.filter(n => isProblem(n) && !(n.visitId && cards.has(n.visitId)));
    const box = $('#attention');
    box.hidden = orphans.length === 0;
    fill(box.querySelector('ul'), orphans.map(n => h('li', {}, noteBlock(n, null))));
  }

  function renderMessages(state) {
    const now = Date.now();
    const infos = state.notes.filter(n => n.kind === 'info' && now - Date.parse(n.at) < INFO_SHOWN_MS);
    const messages = $('#messages');
    const key = infos.map(n => n.key).join();
    if (messages.dataset.key === key) return;
    messages.dataset.key = key;
    fill(messages, infos.map(n => h('p', { class: 'message' }, n.reason ?? '', ' ',
      h('button', { type: 'button', class: 'link', 'data-command': 'dismiss', 'data-note': n.key, 'aria-label': 'Dismiss this message' }, 'Dismiss'))));
  }

  // ---------------------------------------------------------------- status

  function renderStatus(state) {
    const badge = $('#badge');
    badge.className = `badge badge-${state.status}`;
    // A live region: only real changes should be announced.
    setText(badge.querySelector('[data-part="state"]'), BADGE_TEXT[state.status]);
    const { size, retrying } = state.stats;
    setText(badge.querySelector('[data-part="outbox"]'), [
      size - retrying === 0 ? 'nothing to send' : `${size - retrying} to send`,
      retrying ? `${retrying} retrying on the server` : null,
    ].filter(Boolean).join(' · '));
    badge.title = state.status === 'offline'
      ? 'No network: this desk keeps working and sends its changes when the network is back.'
      : state.status === 'reconnecting' ? 'Trying to reach the server; changes are kept on this desk meanwhile.' : 'Connected to the server.';

    const callNext = $('#call-next');
    const online = state.status === 'online';
    callNext.disabled = !online;
    const why = online
      ? `Calls the first waiting visitor for ${myServices(state)}.`
      : 'Call next needs a connection: the server picks the visitor, so that two desks never call the same one. Meanwhile, call a visitor from the list.';
    callNext.title = why;
    setText($('#call-next-why'), why);

    renderSyncLine(state);
    const notice = $('#offline-notice');
    notice.hidden = state.status === 'online';
    setText(notice, state.status === 'offline'
      ? `Offline. Keep working: ${kept(state.stats.size)} on this computer and sent as soon as the network is back.`
      : `Reconnecting to the server… ${kept(state.stats.size)} on this computer meanwhile.`);
    $('#follower').hidden = state.leader !== false;
    const error = $('#sync-error');
    error.hidden = !state.error;
    error.textContent = state.error ? `The server refused to take the outbox: ${state.error} Nothing is lost; it will try again.` : '';
  }

  function myServices(state) {
    const ids = state.desks.find(d => d.id === config.deskId)?.serviceIds ?? [];
    return state.services.filter(s => ids.includes(s.id)).map(s => s.name).join(', ') || 'this desk\'s services';
  }

  function renderSyncLine(state) {
    const now = Date.now();
    const part = name => $(`#sync-line [data-part="${name}"]`);
    part('outbox').textContent = state.stats.size === 0 ? 'empty' : `${state.stats.size} waiting`;
    part('oldest').textContent = state.stats.oldest == null ? '—' : duration(Math.max(0, now - state.stats.oldest));
    part('version').textContent = String(state.version ?? 0);
    part('contact').textContent = state.lastContactAt ? ago(now - state.lastContactAt) : 'not yet';
    part('tickets').textContent = state.tickets;
    part('offline').textContent = state.offlineReady === true ? 'ready' : state.offlineReady === false ? 'preparing…' : state.offlineReady;
  }

  function renderAnnouncements(state) {
    const list = $('#announcements ul');
    const recent = state.announcements.slice(-5).reverse();
    $('#announcements').hidden = recent.length === 0;
    fill(list, recent.map(n => h('li', {}, h('span', { class: 'muted' }, time(n.at)), ' ', n.message)));
  }

  return {
    render(state) {
      last = state;
      const select = root.querySelector('#register-form select[name="serviceId"]');
      if (select && !select.dataset.ready) {
        select.dataset.ready = 'true';
        select.value = defaultService(state);
      }
      renderQueues(state);
      renderAttention(state);
      renderMessages(state);
      renderStatus(state);
      renderAnnouncements(state);
      root.dataset.ready = 'true';
    },
    /** Just the clocks (ages, "last contact"): cheap, every second. */
    tick() {
      if (last) {
        renderSyncLine(last);
        renderMessages(last);
      }
    },
  };
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function kept(size) {
  return size === 0 ? 'new registrations and changes are kept' : size === 1 ? '1 change is kept' : `${size} changes are kept`;
}
