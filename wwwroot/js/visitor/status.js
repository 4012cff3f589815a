// A visitor's status page (/v/{code}), live. The server rendered the first paint; this keeps it up to
// date. Invariants:
// - it shows only what the server sent for this one visit: the sentences come written (no wording
//   decides anything here); decisions read `status`, `callId` and `postponePlaces`;
// - an update older than the one shown (a lower feed version) is dropped;
// - a call alerts once per call id, and never for a call already on screen at the first paint;
//   a recall is a new id, so it alerts again;
// - text goes in through textContent only.
import { clock } from '../clock.js';
import { createActions } from './actions.js';
import { createAlert } from './alert.js';
import { createVisitorLink } from './link.js';

const OPEN = new Set(['waiting', 'called', 'serving']);
const QUIET_MS = 8_000;   // a short drop is not worth a word: reconnecting is silent at first

const config = JSON.parse(document.getElementById('visitor-config').textContent);
const root = document.getElementById('visitor');
const $ = id => document.getElementById(id);
const alert = createAlert($('announce'));
const s = { version: config.update.visit.version, callId: config.update.visit.callId, visit: config.update.visit, sending: null };

const CONFIRM = {
  leave: () => ({
    danger: true,
    title: 'Leave the queue?',
    text: 'You will lose your place in line. If you change your mind, speak to the reception desk.',
    yes: 'Yes, leave the queue', no: 'Stay in line',
  }),
  postpone: places => ({
    title: 'Need a few more minutes?',
    text: `You will move back ${places} ${places === 1 ? 'place' : 'places'} in line. You can do this once.`,
    yes: 'Move me back', no: 'Keep my place',
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

function render(update) {
  const v = update.visit;
  if (v.version < s.version) return;
  s.version = v.version;
  s.visit = v;
  root.dataset.status = v.status;
  $('ticket').textContent = v.ticket;
  $('service').textContent = v.service;
  $('headline').textContent = update.text.headline;
  setText('wait', update.text.wait);
  setText('detail', update.text.detail);
  $('updated').textContent = clock(v.at, v.timeZone);
  alert.title = `${v.ticket} · ${update.text.headline} · Reception`;
  renderButtons();

  if (v.status === 'called' && v.callId > s.callId) {
    alert.call({ ticket: v.ticket, desk: v.desk, headline: update.text.headline });
  }
  s.callId = Math.max(s.callId, v.callId);
}

function showProblem(text) {
  setText('problem', text);
}

const link = createVisitorLink(config.code, {
  onUpdate: render,
  onState({ connected, since }) {
    root.dataset.live = String(connected);
    const quiet = connected || since == null || Date.now() - since < QUIET_MS;
    setText('connection', quiet ? null : 'Reconnecting… Your place in line is kept.');
    if (!quiet || connected) return;
    setTimeout(() => link.refresh(), QUIET_MS);
  },
  onConnected: () => actions.resend(),
  onGone: () => showProblem('This link no longer opens a visit. Please ask at the reception desk.'),
});

const actions = createActions(config.code, link, {
  onSending(type) {
    s.sending = type;
    renderButtons();
  },
  onReply(reply, type) {
    if (reply.update) render(reply.update);
    const ok = reply.status === 'applied' || reply.status === 'duplicate' || reply.status === 'deferred';
    showProblem(ok ? null : (reply.reason ?? (type === 'leave' ? 'Could not take you out of the queue.' : 'Could not move you back.')));
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

renderButtons();
root.dataset.ready = 'true';
link.start();
