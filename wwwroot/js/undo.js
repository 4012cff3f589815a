// The undo bar. A Cancel or a No-show waits UNDO_MS in the outbox (holdUntil) before it is sent; the
// desk shows its effect at once, and this bar offers to take it back. Offline it can be taken back
// for as long as it has not been sent.
// Invariants:
// - an action is offered for undo only while it was never sent (outbox.undo refuses otherwise);
// - the bar's buttons are rebuilt only when the list of actions changes (focus stays put); the
//   countdowns are plain text updated in place.
import { h } from './dom.js';
import { onLanguage, t } from './i18n.js';

export const UNDO_MS = 5_000;
const UNDOABLE = new Set(['noShow', 'cancel']);
const TOO_LATE_SHOWN_MS = 8_000;

/** Whether an action of this type waits for undo before it is sent. */
export const holdsForUndo = type => UNDOABLE.has(type);

/** The outbox actions the desk may still take back: never sent, and within their hold (or offline). */
export function undoable(pending, status, now = Date.now()) {
  return pending.filter(a => UNDOABLE.has(a.type) && a.state === 'pending' && !a.lastSentAt
    && (a.holdUntil > now || status !== 'online'));
}

/** section: the bar's element; onUndo(mutationId) answers whether it was taken back. */
export function createUndoBar(section, { onUndo }) {
  const list = h('ul', { class: 'undo-list' });
  const late = h('p', { class: 'undo-late', role: 'status', hidden: true });
  section.append(list, late);
  let last = null;
  let key = '';
  let lateTimer = null;

  section.addEventListener('click', async e => {
    const button = e.target.closest('button[data-undo]');
    if (!button || button.disabled) return;
    button.disabled = true;
    if (!await onUndo(Number(button.dataset.undo))) {
      late.textContent = t('desk.undo.tooLate', { visit: button.dataset.label });
      late.hidden = false;
      clearTimeout(lateTimer);
      lateTimer = setTimeout(() => { late.hidden = true; section.hidden = !list.children.length; }, TOO_LATE_SHOWN_MS);
    }
  });

  function render(state) {
    last = state;
    const now = Date.now();
    const items = undoable(state.pending, state.status, now);
    const next = items.map(a => a.mutationId).join();
    if (next !== key) {
      key = next;
      list.replaceChildren(...items.map(a => {
        const label = a.label ?? t('desk.undo.theVisitor');
        const what = t(`desk.undo.what.${a.type}`, { visit: label });
        return h('li', { 'data-mutation-id': a.mutationId },
          h('span', { class: 'undo-what' }, what), ' ',
          h('span', { class: 'undo-when muted', 'aria-hidden': 'true' }),
          h('button', { type: 'button', class: 'undo-button', 'data-undo': a.mutationId, 'data-label': label,
            'aria-label': t('desk.undo.buttonLabel', { what: what.replace(/\.$/, '') }) }, t('desk.undo.button')));
      }));
    }
    for (const a of items) {
      const when = list.querySelector(`[data-mutation-id="${a.mutationId}"] .undo-when`);
      const text = a.holdUntil > now ? t('desk.undo.sendsIn', { count: Math.ceil((a.holdUntil - now) / 1000) }) : t('desk.undo.notSent');
      if (when && when.textContent !== text) when.textContent = text;
    }
    section.hidden = !items.length && late.hidden;
  }

  onLanguage(() => {
    key = '';
    if (last) render(last);
  });

  // The countdown, and the bar going away when a hold ends.
  setInterval(() => { if (last) render(last); }, 250);
  return { render };
}
