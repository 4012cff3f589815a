// The public "now serving" screen: the latest calls, the newest one large, announced once each.
// Invariants:
// - only tickets, desk names and times are ever shown or spoken (the server sends nothing else),
//   in the words of the branch's language (the page is rendered in it; i18n.js holds its catalog);
// - each call (a notification id) is announced at most once, also across reloads: the highest id
//   announced is kept in localStorage;
// - a board read after a (re)connect is a catch-up: shown, never announced. A recall is a new id,
//   so it is announced again;
// - text goes in through textContent only;
// - the "join by phone" QR code (a display-link setting) shows only while the branch takes remote
//   joins: the board read after each (re)connect says so, and a change is pushed as it is saved.
import { h, fill } from '../dom.js';
import { createAnnouncer } from './announce.js';
import { createDisplayLink } from './display-link.js';
import { clock as branchClock } from '../clock.js';
import { t } from '../i18n.js';

// The newest and up to 15 before it; fitRows then shows as many as the screen has room for.
const LINES = 16;
const root = document.getElementById('display');
const config = JSON.parse(document.getElementById('display-config').textContent);
const clock = iso => branchClock(iso, config.board.timeZone);   // the branch's wall clock, whatever the screen's zone
const announcedKey = `reception-display:${config.branch}:announced`;

const calls = new Map();   // line key (the visit, or the call) → the latest call of it
let announced = Math.max(Number(localStorage.getItem(announcedKey)) || 0, config.board.lastId);
localStorage.setItem(announcedKey, String(announced));

const keyOf = call => call.visitId ?? `call:${call.id}`;

function remember(call) {
  const key = keyOf(call);
  const known = calls.get(key);
  if (!known || known.id < call.id) calls.set(key, call);
}

function render(freshId = null) {
  const ordered = [...calls.values()].sort((a, b) => b.id - a.id).slice(0, LINES);
  const [newest, ...earlier] = ordered;

  const hero = document.getElementById('newest');
  hero.hidden = !newest;
  if (newest) {
    const line = hero.querySelector('.newest-call');
    line.dataset.callId = String(newest.id);
    line.querySelector('[data-part="ticket"]').textContent = newest.ticket;
    const title = hero.querySelector('[data-part="title"]');
    title.dataset.i18n = newest.kind === 'recalled' ? 'display.recalled' : 'display.latest';
    title.textContent = t(title.dataset.i18n);
    line.querySelector('[data-part="desk"]').textContent = newest.desk;
    hero.classList.remove('is-fresh');
    if (newest.id === freshId) {
      void hero.offsetWidth;   // restarts the highlight for a new call, even when the element stays
      hero.classList.add('is-fresh');
    }
  }

  fill(document.getElementById('calls'), earlier.map(call =>
    h('tr', { 'data-call-id': call.id },
      h('td', { class: 'call-ticket' }, call.ticket),
      h('td', { class: 'call-desk' }, call.desk),
      h('td', { class: 'call-time' }, clock(call.at)))));
  // Nothing called yet: say so. Only one call: it is the big one, and there is no "before" yet.
  document.getElementById('calls-empty').hidden = ordered.length > 0;
  document.getElementById('calls-table').hidden = earlier.length === 0;
  document.getElementById('earlier').hidden = ordered.length === 1;
  fitRows();
}

/** Hides the earlier calls that would fall below the screen's edge (the oldest first): never a half row. */
function fitRows() {
  const rows = [...document.querySelectorAll('#calls tr')];
  rows.forEach(row => { row.hidden = false; });
  const bottom = document.getElementById('earlier').getBoundingClientRect().bottom;
  for (const row of rows.reverse()) {
    if (row.getBoundingClientRect().bottom <= bottom + 0.5) break;
    row.hidden = true;
  }
  root.dataset.earlierShown = String(rows.filter(row => !row.hidden).length);
}

addEventListener('resize', () => fitRows());

// ------------------------------------------------------------------ sound

const announcer = createAnnouncer();
const soundButton = document.getElementById('sound');
const soundHelp = document.getElementById('sound-help');

/** The button only while the browser still wants a click; with the kiosk setting, also why it is there. */
function offerSound() {
  soundButton.hidden = !announcer.needsPermission;
  soundHelp.hidden = soundButton.hidden || !config.soundStartsItself;
  root.dataset.sound = announcer.needsPermission ? 'blocked' : 'on';
  fitRows();
}

soundButton.addEventListener('click', async () => {
  await announcer.enable();
  offerSound();
});
announcer.onChange(offerSound);

// Announcements play one after another: two quick calls are both heard, in order.
let speaking = Promise.resolve();

function announce(call) {
  if (call.id <= announced) return;
  announced = call.id;
  localStorage.setItem(announcedKey, String(announced));
  speaking = speaking.then(() => announcer.announce(call)).catch(() => {});
}

// ------------------------------------------------------------------ join by phone

const joinQr = document.getElementById('join-qr');

function showJoin(open) {
  if (!joinQr || joinQr.hidden === !open) return;
  joinQr.hidden = !open;
  fitRows();
}

// ------------------------------------------------------------------ live feed

const status = document.getElementById('display-status');

function showState({ live, lastFeedAt, refused }) {
  root.dataset.live = String(live);
  if (refused) {
    status.textContent = t('display.revoked');
  } else if (!live) {
    status.textContent = t('display.reconnecting', { time: clock(new Date(lastFeedAt).toISOString()) });
  }
  status.hidden = live && !refused;
}

const link = createDisplayLink(config, {
  onCall: call => {
    remember(call);
    render(call.id > announced ? call.id : null);
    announce(call);
  },
  onBoard: board => {
    board.calls.forEach(remember);
    announced = Math.max(announced, board.lastId);
    localStorage.setItem(announcedKey, String(announced));
    showJoin(board.remoteJoin);
    render();
  },
  onJoin: join => showJoin(join.open),
  onState: showState,
});

function tickClock() {
  document.getElementById('clock').textContent = clock(new Date().toISOString());
}

config.board.calls.forEach(remember);
render();
tickClock();
setInterval(tickClock, 10_000);
link.start();
// A screen whose browser allows autoplay makes sound at once: no button that a TV without a mouse cannot press.
announcer.tryStart().then(() => {
  offerSound();
  root.dataset.ready = 'true';
});
