// Renders the desk: the badge and sync details, "Now at this desk" (who this desk called or
// serves), the queue per service (filtered by the search box), each visit with the actions its
// status allows, the notices, and the notes a receptionist must act on. Commands go back through
// `handlers`; this module never talks to IndexedDB or the server.
// Invariants:
// - visitor text is inserted as text only (dom.js);
// - a visit's card is rebuilt only when what it shows changed, and an open edit form keeps what
//   the receptionist typed;
// - a visit is shown once: in "Now at this desk" while called to or served at this desk, else in
//   its service's queue;
// - an action never leaves the keyboard focus on nothing: it stays on the card, or goes to the next
//   one, or to Call next.
import { fill, h } from './dom.js';
import { clock } from './clock.js';
import { OPEN, displayOrder, isProblem } from './model.js';
import { onLanguage, t } from './i18n.js';
import { ago, duration, list, ltr, noteText, problemText } from './desk-words.js';
import { buildCard, noteBlock, signature } from './card.js';
import { buildEditor, readEditor } from './editor.js';
import { noticesToShow } from './notices.js';
import { bindShortcuts } from './shortcuts.js';

const HERE = ['called', 'serving'];
const RECONNECTING_QUIET_MS = 5_000;

export function createView(root, config, handlers) {
  const $ = selector => root.querySelector(selector);
  const cards = new Map();      // visitId → { node, signature }
  const editors = new Map();    // visitId → open edit form
  const sections = new Map();   // serviceId → { section, list, count, empty }
  const now = { list: $('#now .visits'), empty: $('#now .empty') };
  const search = $('#queue-search');
  let last = null;
  let reconnectingSince = null;

  bindShortcuts(root, {
    callNext: () => $('#call-next'),
    name: () => $('#reg-name'),
    search: () => search,
    closeEditor: form => closeEditor(form.dataset.visitId),
  });
  search.addEventListener('input', () => applyFilter());

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
      form.elements.name.setCustomValidity(t('desk.register.nameMissing'));
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

  /** The register form offers the open services only: one an admin closes or reopens goes or comes back live. */
  function syncServiceOptions(state) {
    const select = root.querySelector('#register-form select[name="serviceId"]');
    if (!select) return;
    const key = state.services.map(s => s.id).join();
    if (select.dataset.services === key) return;
    const painted = select.dataset.services === undefined && [...select.options].map(o => o.value).join() === key;
    select.dataset.services = key;
    if (painted) return;   // the server's first paint already lists them
    const chosen = select.value;
    fill(select, state.services.map(s => h('option', { value: s.id }, `${s.name} (${s.prefix})`)));
    select.value = state.services.some(s => s.id === chosen) ? chosen : defaultService(state);
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

  // ---------------------------------------------------------------- sections and cards

  /** Open services, then closed ones: their visitors stay shown, marked, to be transferred (never called). */
  function queueServices(state) {
    return [...state.services.map(service => ({ service, closed: false })),
      ...(state.closedServices ?? []).map(service => ({ service, closed: true }))];
  }

  function ensureSections(state) {
    const queues = $('#queues');
    if (!sections.size) {   // the server's first paint, now ours
      queues.replaceChildren();
      now.list.replaceChildren();
    }
    for (const { service } of queueServices(state)) {
      if (sections.has(service.id)) continue;
      const titleId = `queue-${service.id}`;
      const count = h('span', { class: 'count' });
      const closedTag = h('span', { class: 'closed-tag', hidden: true });
      const closedHelp = h('p', { class: 'closed-help', hidden: true });
      const list = h('ol', { class: 'visits', 'aria-labelledby': titleId });
      const empty = h('p', { class: 'empty muted' });
      const section = h('section', { class: 'queue card', 'data-service-id': service.id },
        h('h2', { id: titleId }, h('span', { translate: 'no' }, service.name), ' ', closedTag, ' ', count), closedHelp, list, empty);
      queues.append(section);
      sections.set(service.id, { section, list, count, empty, closedTag, closedHelp });
    }
  }

  const isHere = visit => HERE.includes(visit.status) && visit.deskId === config.deskId;

  function renderQueues(state) {
    ensureSections(state);
    const focus = focusNow();
    const open = [...state.visits.values()].filter(v => OPEN.includes(v.status)).sort(displayOrder);
    const here = open.filter(isHere);
    const lists = queueServices(state).map(({ service, closed }) =>
      [service, closed, open.filter(v => v.serviceId === service.id && !isHere(v))]);
    const shown = new Set(lists.map(([service]) => service.id));
    // Leaving cards go first and focus moves last: removing or focusing an element makes the browser
    // bring its styles up to date at once, cheap before the other cards change, costly in between.
    const seen = new Set([...here, ...lists.flatMap(([, , visits]) => visits)].map(v => v.id));
    for (const [id, card] of cards) {
      if (seen.has(id)) continue;
      card.node.remove();
      cards.delete(id);
      editors.delete(id);
    }
    for (const [id, { section }] of sections) if (!shown.has(id)) section.hidden = true;
    place(state, now.list, here, seen);
    now.empty.hidden = here.length > 0;
    for (const [service, closed, visits] of lists) {
      const { section, list, count, closedTag, closedHelp } = sections.get(service.id);
      section.classList.toggle('is-closed', closed);
      closedTag.hidden = !closed;
      closedHelp.hidden = !closed;
      setText(closedTag, t('desk.queue.closedTag'));
      setText(closedHelp, t('desk.queue.closedHelp'));
      section.hidden = closed && visits.length === 0;
      setText(count, t('desk.queue.count', { count: visits.filter(v => v.status === 'waiting').length }));
      place(state, list, visits, seen);
    }
    applyFilter();
    keepFocus(focus);
  }

  /** Puts the cards of `visits` into `list`, in this order, rebuilding those whose content changed. */
  function place(state, list, visits, seen) {
    let position = 0;
    visits.forEach((visit, i) => {
      const place = visit.status === 'waiting' ? ++position : 0;
      seen.add(visit.id);
      const estimate = visit.status === 'waiting' ? state.estimate?.(visit.id) ?? null : null;
      const sig = signature(visit, place, estimate);
      let card = cards.get(visit.id);
      if (!card || card.signature !== sig) {
        const node = buildCard({ deskId: config.deskId, desks: state.desks, editing: editors.has(visit.id), estimate: state.estimate,
          timeZone: config.timeZone }, visit, place);
        if (editors.has(visit.id)) node.querySelector('.visit-editor').append(editors.get(visit.id));
        if (card) card.node.replaceWith(node);
        card = { node, signature: sig };
        cards.set(visit.id, card);
      }
      card.visit = visit;
      if (list.children[i] !== card.node) list.insertBefore(card.node, list.children[i] ?? null);
    });
  }

  // ---------------------------------------------------------------- search

  function applyFilter() {
    const query = search.value.trim().toLowerCase();
    let shown = 0;
    let total = 0;
    for (const { list, empty } of sections.values()) {
      let inList = 0;
      for (const node of list.children) {
        const visit = cards.get(node.dataset.visitId)?.visit;
        const match = !query || (visit && matches(visit, query));
        node.hidden = !match;
        if (match) inList++;
      }
      shown += inList;
      total += list.children.length;
      empty.hidden = inList > 0;
      setText(empty, t(list.children.length ? 'desk.queue.noMatch' : 'desk.queue.empty'));
    }
    setText($('#search-result'), query ? (shown ? t('desk.search.shown', { shown, total }) : t('desk.search.none')) : '');
  }

  // ---------------------------------------------------------------- focus

  /** Where the keyboard focus is, if on a card's button: to put it back after the cards change. */
  function focusNow() {
    const active = document.activeElement;
    const node = active?.closest?.('[data-visit-id]');
    if (!node || !root.contains(node) || active.closest('.visit-editor')) return null;
    return { active, visitId: node.dataset.visitId, key: active.dataset.action ?? active.dataset.command ?? null,
      list: node.parentElement, index: [...node.parentElement.children].indexOf(node) };
  }

  function keepFocus(focus) {
    if (!focus || (focus.active.isConnected && document.activeElement === focus.active)) return;
    const card = cards.get(focus.visitId);
    let target = null;
    if (card) {
      target = card.node.querySelector(`[data-action="${focus.key}"], [data-command="${focus.key}"]`) ?? card.node.querySelector('button');
    } else {
      // The visit left this list (completed, no-show, …): the next one in it, or Call next.
      const rows = [...focus.list.children].filter(n => !n.hidden);
      target = (rows[focus.index] ?? rows[focus.index - 1])?.querySelector('button') ?? null;
      if (!target || focus.list === now.list) target = $('#call-next').disabled ? $('#reg-name') : $('#call-next');
    }
    target?.focus();
  }

  function renderAttention(state) {
    const orphans = state.notes.filter(n => isProblem(n) && !(n.visitId && cards.has(n.visitId)));
    const box = $('#attention');
    box.hidden = orphans.length === 0;
    fill(box.querySelector('ul'), orphans.map(n => h('li', {}, noteBlock(n, null))));
  }

  function renderMessages(state) {
    const shown = noticesToShow(state.notes, { someoneWaiting: someoneWaiting(state), now: Date.now() });
    const messages = $('#messages');
    const key = shown.map(n => `${n.note.key}:${n.old}`).join();
    if (messages.dataset.key === key) return;
    messages.dataset.key = key;
    fill(messages, shown.map(({ note, old }) => h('p', { class: `message${old ? ' old' : ''}`, 'data-note': note.key },
      h('span', {}, noteText(note)), ' ',
      h('button', { type: 'button', class: 'link', 'data-command': 'dismiss', 'data-note': note.key, 'aria-label': t('desk.note.dismissMessage') },
        t('desk.note.dismiss')))));
  }

  function someoneWaiting(state) {
    const ids = state.desks.find(d => d.id === config.deskId)?.serviceIds ?? [];
    for (const v of state.visits.values()) if (v.status === 'waiting' && ids.includes(v.serviceId)) return true;
    return false;
  }

  // ---------------------------------------------------------------- status

  function renderStatus(state) {
    const badge = $('#badge');
    badge.className = `badge badge-${state.status}`;
    // A live region: only real changes should be announced.
    setText(badge.querySelector('[data-part="state"]'), t(`desk.badge.${state.status}`));
    const { size, retrying } = state.stats;
    // Sync state shows only when there is some: something to send, or no connection.
    const quiet = size === 0 && state.status === 'online';
    badge.querySelector('[data-part="outbox"]').hidden = quiet;
    badge.querySelector('.badge-sep').hidden = quiet;
    setText(badge.querySelector('[data-part="outbox"]'), [
      size - retrying === 0 ? t('desk.badge.nothingToSend') : t('desk.badge.toSend', { count: size - retrying }),
      retrying ? t('desk.badge.retrying', { count: retrying }) : null,
    ].filter(Boolean).join(' · '));
    badge.title = t(`desk.badge.title.${state.status}`);

    const callNext = $('#call-next');
    const online = state.status === 'online';
    callNext.disabled = !online;
    const why = online ? t('desk.callNext.why', { services: myServices(state) }) : t('desk.callNext.offline');
    callNext.title = why;
    setText($('#call-next-why'), why);

    renderSyncLine(state);
    renderOfflineNotice(state);
    $('#follower').hidden = state.leader !== false;
    const error = $('#sync-error');
    error.hidden = !state.error;
    error.textContent = state.error ? t('desk.syncError', { error: problemText(state.error) }) : '';
  }

  // Offline says so at once; a (re)connection that takes a moment (a page load, a server restart)
  // is not worth a warning until it has lasted RECONNECTING_QUIET_MS.
  function renderOfflineNotice(state) {
    reconnectingSince = state.status === 'reconnecting' ? reconnectingSince ?? Date.now() : null;
    const notice = $('#offline-notice');
    notice.hidden = state.status === 'online'
      || (state.status === 'reconnecting' && Date.now() - reconnectingSince < RECONNECTING_QUIET_MS);
    setText(notice, t(state.status === 'offline' ? 'desk.offline.notice' : 'desk.offline.reconnecting', { kept: kept(state.stats.size) }));
  }

  function myServices(state) {
    const ids = state.desks.find(d => d.id === config.deskId)?.serviceIds ?? [];
    return list(state.services.filter(s => ids.includes(s.id)).map(s => s.name)) || t('desk.myServices.none');
  }

  function renderSyncLine(state) {
    const now = Date.now();
    const part = name => $(`#sync-line [data-part="${name}"]`);
    setText(part('outbox'), state.stats.size === 0 ? t('desk.sync.empty') : t('desk.sync.waiting', { count: state.stats.size }));
    setText(part('oldest'), state.stats.oldest == null ? t('desk.none') : duration(Math.max(0, now - state.stats.oldest)));
    setText(part('version'), String(state.version ?? 0));
    setText(part('contact'), state.lastContactAt ? ago(now - state.lastContactAt) : t('desk.sync.notYet'));
    setText(part('tickets'), state.tickets.map(l => t('desk.sync.ticketsLeft', l)).join(' · ') || t('desk.none'));
    setText(part('offline'), t(state.offlineReady === true ? 'desk.sync.ready' : state.offlineReady === false ? 'desk.sync.preparing' : 'desk.sync.notInBrowser'));
  }

  function renderAnnouncements(state) {
    const list = $('#announcements ul');
    const recent = state.announcements.slice(-3).reverse();
    $('#announcements').hidden = recent.length === 0;
    const key = recent.map(n => `${n.id}:${n.at}`).join();
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    fill(list, recent.map(n => h('li', {}, h('span', { class: 'muted', translate: 'no' }, clock(n.at, config.timeZone)), ' ',
      h('span', {}, announcement(n)))));
  }

  // Another language: every card and list is written again from the keys and values it was built from.
  onLanguage(() => {
    for (const card of cards.values()) card.signature = null;
    delete $('#messages').dataset.key;
    delete $('#announcements ul').dataset.key;
    if (last) view.render(last);
  });

  const view = {
    render(state) {
      last = state;
      syncServiceOptions(state);
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
        renderOfflineNotice(last);
        renderMessages(last);
      }
    },
  };
  return view;
}

/** The search box's rule: part of the name or phone (its digits, whatever the spacing), or of the ticket. */
function matches(visit, query) {
  const digits = query.replace(/\D/g, '');
  const compact = text => String(text ?? '').toLowerCase().replace(/[\s-]/g, '');
  return visit.name.toLowerCase().includes(query)
    || compact(visit.ticket).includes(compact(query))
    || String(visit.phone ?? '').toLowerCase().includes(query)
    || (digits.length >= 3 && String(visit.phone ?? '').replace(/\D/g, '').includes(digits));
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// A call the server announced, from its kind and ticket; anything else (an action given up after its
// retries) in the server's words.
function announcement(n) {
  if (!['called', 'recalled'].includes(n.kind) || !n.ticket) return n.message;
  return t(`desk.announce.${n.kind}`, { ticket: ltr(n.ticket), desk: n.deskName ?? t('desk.anotherDesk') });
}

function kept(size) {
  return size === 0 ? t('desk.offline.kept.none') : t('desk.offline.kept', { count: size });
}
