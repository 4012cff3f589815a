// A visitor's status page (/v/{code}), live. The server rendered the first paint; this keeps it up to
// date. Invariants:
// - it shows only what the server sent for this one visit: the sentences come as catalog keys and
//   arguments, written here in the visitor's language (i18n.js), and written again when they pick
//   another; no wording decides anything: decisions read `status`, `callId` and `postponePlaces`;
// - an update older than the one shown (a lower feed version) is dropped;
// - a call alerts once per call id, and never for a call already on screen at the first paint;
//   a recall is a new id, so it alerts again;
// - text goes in through textContent only.
import { clock } from '../clock.js';
import { spokenTicket } from '../board/announce.js';
import { createActions } from './actions.js';
import { createAlert } from './alert.js';
import { createVisitorLink } from './link.js';
import { message, onLanguage, picker, t } from '../i18n.js';

const OPEN = new Set(['waiting', 'called', 'serving']);
const QUIET_MS = 8_000;   // a short drop is not worth a word: reconnecting is silent at first

const config = JSON.parse(document.getElementById('visitor-config').textContent);
const root = document.getElementById('visitor');
const $ = id => document.getElementById(id);
const alert = createAlert($('announce'));
const s = {
  version: config.update.visit.version, callId: config.update.visit.callId, visit: config.update.visit, text: config.update.text,
  sending: null, problem: null, connection: null,
};

const CONFIRM = {
  leave: () => ({
    danger: true,
    title: t('visitor.confirmLeave.title'), text: t('visitor.confirmLeave.text'),
    yes: t('visitor.confirmLeave.yes'), no: t('visitor.confirmLeave.no'),
  }),
  postpone: places => ({
    title: t('visitor.confirmPostpone.title'), text: t('visitor.confirmPostpone.text', { count: places }),
    yes: t('visitor.confirmPostpone.yes'), no: t('visitor.confirmPostpone.no'),
  }),
};

function setText(id, text) {
  const node = $(id);
  node.hidden = text == null;
  node.textContent = text ?? '';
}

function renderButtons() {
  const v = s.visit;
  $('postpone').hidden = !(v.status === 'waiting' && v.postponePlaces > 0);
  $('leave').hidden = !(v.status === 'waiting' || v.status === 'called');
  $('postpone').disabled = $('leave').disabled = !!s.sending;
  $('sound').hidden = !OPEN.has(v.status) || !alert.needsPermission;
  $('actions').hidden = [...$('actions').children].every(b => b.hidden);
}

/** The sentences, in the language chosen now. */
function renderText() {
  const v = s.visit;
  $('headline').textContent = message(s.text.headline);
  setText('wait', message(s.text.wait));
  setText('detail', message(s.text.detail));
  setText('problem', s.problem && t(s.problem));
  setText('connection', s.connection && t(s.connection));
  alert.title = `${v.ticket} · ${message(s.text.headline)} · ${t('common.reception')}`;
}

function render(update) {
  const v = update.visit;
  if (v.version < s.version) return;
  s.version = v.version;
  s.visit = v;
  s.text = update.text;
  root.dataset.status = v.status;
  $('ticket').textContent = v.ticket;
  $('service').textContent = v.service;
  $('updated').textContent = clock(v.at, v.timeZone);
  renderText();
  renderButtons();

  if (v.status === 'called' && v.callId > s.callId) {
    const desk = v.desk ?? t('visitor.spoken.theDesk');
    alert.call({
      ticket: v.ticket, headline: message(s.text.headline),
      spoken: kind => t(kind === 'recalled' ? 'visitor.spoken.recalled' : 'visitor.spoken.called', { ticket: spokenTicket(v.ticket), desk }),
    });
  }
  s.callId = Math.max(s.callId, v.callId);
}

/** Shows the problem with this catalog key (null: none). */
function showProblem(key) {
  s.problem = key;
  renderText();
}

const link = createVisitorLink(config.code, {
  onUpdate: render,
  onState({ connected, since }) {
    root.dataset.live = String(connected);
    const quiet = connected || since == null || Date.now() - since < QUIET_MS;
    s.connection = quiet ? null : 'visitor.reconnecting';
    renderText();
    if (!quiet || connected) return;
    setTimeout(() => link.refresh(), QUIET_MS);
  },
  onConnected: () => actions.resend(),
  onGone: () => showProblem('visitor.gone'),
});

const actions = createActions(config.code, link, {
  onSending(type) {
    s.sending = type;
    renderButtons();
  },
  onReply(reply, type) {
    if (reply.update) render(reply.update);
    const ok = reply.status === 'applied' || reply.status === 'duplicate' || reply.status === 'deferred';
    // The server's reason is for the desk's log; the visitor reads the page's sentence in their language.
    showProblem(ok ? null : type === 'leave' ? 'visitor.leaveFailed' : 'visitor.postponeFailed');
    link.refresh();
  },
});

async function confirm({ title, text, yes, no, danger = false }) {
  const dialog = $('confirm');
  $('confirm-yes').className = danger ? 'danger-strong' : '';
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-yes').textContent = yes;
  $('confirm-no').textContent = no;
  if (typeof dialog.showModal !== 'function') return window.confirm(`${title}\n\n${text}`);
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-no').focus();
  await new Promise(resolve => dialog.addEventListener('close', resolve, { once: true }));
  return dialog.returnValue === 'yes';
}

async function ask(type) {
  if (actions.busy) return;
  const words = type === 'leave' ? CONFIRM.leave() : CONFIRM.postpone(s.visit.postponePlaces);
  if (await confirm(words)) {
    showProblem(null);
    actions.request(type);
  }
}

$('leave').addEventListener('click', () => ask('leave'));
$('postpone').addEventListener('click', () => ask('postpone'));
$('sound').addEventListener('click', async () => {
  await alert.enableSound();
  renderButtons();
});
// Any tap is permission enough for the sound of a later call.
document.addEventListener('pointerdown', () => alert.enableSound().then(renderButtons), { once: true });

picker($('language'));
onLanguage(renderText);
renderButtons();
root.dataset.ready = 'true';
link.start();
