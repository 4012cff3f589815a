// The self check-in kiosk (/kiosk/{branch}?token=…): tap a service, maybe type a name, Confirm →
// a ticket in large type, with a QR code to the visitor's status page once the server has answered;
// back to the start after RESET_MS or a tap. Invariants:
// - every register carries a number the server leased to this kiosk (sender.js), so the number the
//   visitor is shown is the visit's number, and never a provisional one;
// - online, the visitor waits up to ANSWER_WITHIN_MS for the server's answer (the ticket with its QR
//   code); with no answer by then (lost, slow, or the network gone) the visitor gets the leased
//   number and the "registered, your place will appear shortly" message, exactly as offline, and
//   the register stays in the outbox and is sent, in order, until answered: exactly once (an answer
//   that comes while that ticket is still on screen adds its QR code);
// - offline (the browser says so, or the kiosk's connection is down) the visitor gets the leased
//   number at once. With no leased number left (and none to be had), the desk: nothing was sent,
//   so the queue holds no ghost of that visitor;
// - one send at a time (`serial`): the kiosk's mutation ids reach the server in order;
// - once the token is refused (link.js, or a 401 on a push) the kiosk shows it is switched off, and
//   nothing else, and forgets its stored page (offline.js);
// - a visitor may pick their language (i18n.js, all catalogs are in the page: it works offline); the
//   next visitor starts in the kiosk's own language, so the pick is not remembered.
import { clock } from '../clock.js';
import { language, onLanguage, picker, setLanguage, t } from '../i18n.js';
import { remaining, topUp } from '../leases.js';
import { cache, leasesKey } from '../db.js';
import { createKioskLink } from './link.js';
import { forgetOffline, keepForOffline } from './offline.js';
import { Refused, Renumber, forget, pending, prepare, renumber, send } from './sender.js';

const RESET_MS = 10_000;
const ANSWER_WITHIN_MS = 5_000;
const SEND_FOR_MS = 20_000;   // one flush's tries at a register; the next flush tries again
const FLUSH_EVERY_MS = 10_000;
const LEASE_EVERY_MS = 60_000;
// A stored name the desk reads, not a sentence a visitor reads: the same whatever language the kiosk speaks.
const NO_NAME = 'Kiosk visitor';
const KIOSK_LANGUAGE = language();

const config = JSON.parse(document.getElementById('kiosk-config').textContent);
const owner = `kiosk:${config.kiosk}`;
const $ = id => document.getElementById(id);
const steps = ['start', 'details', 'ticket', 'failed', 'switched-off'];
const state = { service: null, showing: null, resetTimer: 0, busy: false, off: false, texts: new Map() };
/** The visitor at the screen waiting for their register's answer: visitId → { answer, refuse }. */
const waiting = new Map();
let link = null;
let chain = Promise.resolve();
/** Runs `work` after every send queued before it. */
const serial = work => (chain = chain.then(work, work));
let nextFlush = null;
/** A flush after the sends queued before it; one already waiting to start is shared, not repeated. */
const flushSoon = () => (nextFlush ??= serial(() => {
  nextFlush = null;
  return flush();
}));
const online = () => navigator.onLine && !!link?.connected();

/** Shows the catalog text `key` in the element `id` (null: empty), and again after a change of language. */
function say(id, key) {
  if (key) state.texts.set(id, key);
  else state.texts.delete(id);
  $(id).textContent = key ? t(key) : '';
}

function show(step) {
  for (const id of steps) $(id).hidden = id !== step;
  clearTimeout(state.resetTimer);
  const focus = $(step).querySelector('h1');
  focus?.setAttribute('tabindex', '-1');
  focus?.focus({ preventScroll: true });
}

function startOver() {
  if (state.off) return;
  state.service = state.showing = null;
  $('details-form').reset();
  $('name-error').hidden = true;
  say('sending', null);
  setLanguage(KIOSK_LANGUAGE, { remember: false });
  show('start');
}

function switchOff() {
  state.off = true;
  show('switched-off');
  forgetOffline();
}

function pick(service) {
  state.service = service;
  $('details-service').textContent = service.title;
  const ask = service.name;
  $('name-field').hidden = ask === 'not-asked';
  say('name-label', ask === 'required' ? 'kiosk.name' : 'kiosk.nameOptional');
  $('name').required = ask === 'required';
  show('details');
  if (ask !== 'not-asked') $('name').focus();
}

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Sends the register until the server answers, it is refused, SEND_FOR_MS pass or the browser is
 * offline; answers the visit, or throws. A refused register is forgotten; any other stays stored.
 */
async function deliver(record) {
  const until = Date.now() + SEND_FOR_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const visit = await send(config, record);
      await forget(record);
      return visit;
    } catch (e) {
      if (e instanceof Renumber && e.expected !== record.mutationId) {
        record = await renumber(record, e.expected);
        continue;
      }
      if (e instanceof Refused) await forget(record);
      if (e instanceof Refused || Date.now() >= until || !navigator.onLine) throw e;
      await wait(Math.min(4_000, 500 * 2 ** attempt));
    }
  }
}

/** Stores the visitor's register with a leased number, leasing one first if none is held; null when none is to be had. */
async function take(args) {
  const record = await prepare(owner, args);
  if (record || !online()) return record;
  await topUp({ owner, branch: config.branch, services: [state.service], invoke: (method, a) => link.invoke(method, ...a) }).catch(() => 0);
  return prepare(owner, args);
}

/** The server's visit for the register if it answers within `ms` while online; null otherwise (it stays stored and is sent later). */
function answerWithin(record, ms) {
  if (!online()) {
    flushSoon().finally(mark);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(record.visitId);
    };
    const timer = setTimeout(() => {
      done();
      resolve(null);
    }, ms);
    waiting.set(record.visitId, {
      answer: visit => { done(); resolve(visit); },
      refuse: e => { done(); reject(e); },
    });
    flushSoon().finally(mark);
  });
}

function failed(reason) {
  say('failed-reason', reason);
  show('failed');
  state.resetTimer = setTimeout(startOver, RESET_MS);
}

async function confirm(event) {
  event.preventDefault();
  if (state.busy || !state.service) return;
  const name = $('name').value.trim();
  if (state.service.name === 'required' && !name) {
    say('name-error', 'kiosk.typeName');
    $('name-error').hidden = false;
    $('name').focus();
    return;
  }

  state.busy = true;
  $('confirm').disabled = true;
  say('sending', 'kiosk.taking');
  try {
    const args = { serviceId: state.service.id, name: state.service.name !== 'not-asked' && name ? name : NO_NAME };
    const phone = $('phone').value.trim();
    if (phone) args.phone = phone;
    const record = await take(args);
    if (!record) {
      failed(online() ? 'kiosk.cannotNow' : 'kiosk.offlineEmpty');
      return;
    }
    showTicket(record, await answerWithin(record, ANSWER_WITHIN_MS));
  } catch (e) {
    if (e instanceof Refused && e.status === 401) return switchOff();
    // A refusal's reason is the server's, for the desk; the visitor reads the kiosk's sentence.
    failed('kiosk.cannotYou');
  } finally {
    state.busy = false;
    $('confirm').disabled = false;
    say('sending', null);
    refill();
  }
}

/** Sends the stored registers, oldest first, telling a visitor still waiting at the screen; answers whether none is left. */
async function flush() {
  for (const record of await pending(owner)) {
    try {
      const visit = await deliver(record);
      waiting.get(record.visitId)?.answer(visit);
      // An answer after the visitor was given the leased number: the same ticket, now with its QR code.
      if (state.showing === record.visitId && !$('ticket').hidden) fillTicket(record, visit);
    } catch (e) {
      if (!(e instanceof Refused)) {
        for (const visitor of [...waiting.values()]) visitor.answer(null);   // kept: they get their leased numbers now
        return false;
      }
      waiting.get(record.visitId)?.refuse(e);
      if (e.status === 401) switchOff();
    }
  }
  return true;
}

async function refill() {
  if (online()) {
    await topUp({ owner, branch: config.branch, services: config.services, invoke: (method, args) => link.invoke(method, ...args) }).catch(() => 0);
  }
  await mark();
}

/** What the kiosk holds, on its root for the curious (and the tests): leased numbers left, registers unsent. */
async function mark() {
  const leases = await (await cache()).get('metadata', leasesKey(owner));
  $('kiosk').dataset.tickets = String(config.services.reduce((n, s) => n + remaining(leases, s.id), 0));
  $('kiosk').dataset.unsent = String((await pending(owner)).length);
}

/** Shows the visitor's ticket: the server's visit, or before its answer the register's leased number. */
function showTicket(record, visit) {
  state.showing = record.visitId;
  $('ticket-service').textContent = state.service.title;
  const qrLoaded = fillTicket(record, visit);
  show('ticket');
  state.resetTimer = setTimeout(startOver, RESET_MS);
  if (config.autoPrint) qrLoaded.then(() => window.print());
}

/** The ticket's number, time and QR code; answers when the QR picture is loaded (or there is none). */
function fillTicket(record, visit) {
  $('ticket-number').textContent = visit?.ticket ?? record.ticketLabel;
  $('ticket-time').textContent = clock(visit?.arrivedAt ?? record.args.arrivedAt, config.timeZone);
  $('ticket-offline').hidden = !!visit;
  const code = visit?.code;
  const qr = $('ticket-qr');
  qr.hidden = $('ticket-scan').hidden = !code;
  if (!code) return Promise.resolve();
  const loaded = new Promise(resolve => { qr.onload = qr.onerror = resolve; });
  qr.src = `/kiosk/${encodeURIComponent(config.branch)}/v/${encodeURIComponent(code)}/qr.svg?token=${encodeURIComponent(config.token)}`;
  return loaded;
}

picker($('language'), { remember: false });
onLanguage(() => { for (const [id, key] of state.texts) $(id).textContent = t(key); });

for (const button of document.querySelectorAll('[data-service]')) {
  const service = config.services.find(s => s.id === button.dataset.service);
  button.addEventListener('click', () => pick(service));
}
$('details-form').addEventListener('submit', confirm);
$('back').addEventListener('click', startOver);
$('done').addEventListener('click', startOver);
$('failed-done').addEventListener('click', startOver);
$('print').addEventListener('click', event => {
  event.stopPropagation();
  clearTimeout(state.resetTimer);
  window.print();
  state.resetTimer = setTimeout(startOver, RESET_MS);
});
// A tap anywhere on the ticket (but Print) starts over for the next visitor.
$('ticket').addEventListener('click', event => { if (!event.target.closest('#print')) startOver(); });

// A register without a leased number (stored by an older kiosk page) is not a ticket anyone holds:
// drop it (its number stays used). The others are sent when the kiosk is connected.
for (const stale of await pending(owner)) if (!stale.leased) await forget(stale);

const catchUp = () => flushSoon().then(() => serial(refill));
link = createKioskLink(config, { onOff: switchOff, onConnected: catchUp });
setInterval(() => flushSoon().finally(mark), FLUSH_EVERY_MS);
setInterval(() => serial(refill), LEASE_EVERY_MS);
addEventListener('online', catchUp);
await mark();
keepForOffline();
$('kiosk').dataset.ready = 'true';
