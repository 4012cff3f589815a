// The self check-in kiosk (/kiosk/{branch}?token=…): tap a service, maybe type a name, Confirm →
// the server's ticket in large type with a QR code to the visitor's status page; back to the start
// after RESET_MS or a tap. Invariants:
// - only the server's answer shows a ticket (sender.js): nothing provisional is ever shown;
// - online, a register that gets no answer is sent again, the same action, until SEND_FOR_MS have
//   passed; then the visitor is sent to the desk;
// - offline (the browser says so, or the kiosk's connection is down) the visitor gets a number the
//   server leased to this kiosk (leases.js), and the register is kept and sent when the network is
//   back, in order, until answered: exactly once. With no leased number left, the desk;
// - one send at a time (`serial`): the kiosk's mutation ids reach the server in order;
// - once the token is refused (link.js, or a 401 on a push) the kiosk shows it is switched off, and
//   nothing else.
import { clock } from '../clock.js';
import { remaining, topUp } from '../leases.js';
import { cache, leasesKey } from '../db.js';
import { createKioskLink } from './link.js';
import { Refused, Renumber, forget, pending, prepare, renumber, send } from './sender.js';

const RESET_MS = 10_000;
const SEND_FOR_MS = 20_000;
const NO_NAME = 'Kiosk visitor';

const config = JSON.parse(document.getElementById('kiosk-config').textContent);
const owner = `kiosk:${config.kiosk}`;
const $ = id => document.getElementById(id);
const steps = ['start', 'details', 'ticket', 'failed', 'switched-off'];
const state = { service: null, resetTimer: 0, busy: false, off: false };
let link = null;
let chain = Promise.resolve();
/** Runs `work` after every send queued before it. */
const serial = work => (chain = chain.then(work, work));

function show(step) {
  for (const id of steps) $(id).hidden = id !== step;
  clearTimeout(state.resetTimer);
  const focus = $(step).querySelector('h1');
  focus?.setAttribute('tabindex', '-1');
  focus?.focus({ preventScroll: true });
}

function startOver() {
  if (state.off) return;
  state.service = null;
  $('details-form').reset();
  $('name-error').hidden = true;
  $('sending').textContent = '';
  show('start');
}

function switchOff() {
  state.off = true;
  show('switched-off');
}

function pick(service) {
  state.service = service;
  $('details-service').textContent = service.title;
  const ask = service.name;
  $('name-field').hidden = ask === 'not-asked';
  $('name-label').textContent = ask === 'required' ? 'Your name' : 'Your name (optional)';
  $('name').required = ask === 'required';
  show('details');
  if (ask !== 'not-asked') $('name').focus();
}

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Sends the register until the server answers or SEND_FOR_MS pass; answers the visit, or throws. */
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
      if (e instanceof Refused || Date.now() >= until || (record.leased && !navigator.onLine)) {
        // A leased one is kept (its visitor holds the number): sent again when the network is back.
        if (!record.leased || e instanceof Refused) await forget(record);
        throw e;
      }
      await wait(Math.min(4_000, 500 * 2 ** attempt));
    }
  }
}

async function confirm(event) {
  event.preventDefault();
  if (state.busy || !state.service) return;
  const name = $('name').value.trim();
  if (state.service.name === 'required' && !name) {
    $('name-error').textContent = 'Please type your name.';
    $('name-error').hidden = false;
    $('name').focus();
    return;
  }

  state.busy = true;
  $('confirm').disabled = true;
  $('sending').textContent = 'Taking your ticket…';
  try {
    const args = { serviceId: state.service.id, name: state.service.name !== 'not-asked' && name ? name : NO_NAME };
    const phone = $('phone').value.trim();
    if (phone) args.phone = phone;
    const online = navigator.onLine && link?.connected() && await serial(flush);
    if (online) {
      showTicket(await serial(async () => deliver(await prepare(owner, args))));
    } else {
      const record = await prepare(owner, args, { leased: true });
      if (!record) {
        $('failed-reason').textContent = 'The kiosk is offline and has no tickets left to give. A receptionist will register you.';
        show('failed');
        state.resetTimer = setTimeout(startOver, RESET_MS);
        return;
      }
      showOfflineTicket(record);
      serial(flush).finally(mark);
    }
  } catch (e) {
    if (e instanceof Refused && e.status === 401) return switchOff();
    $('failed-reason').textContent = e instanceof Refused
      ? e.message
      : 'The kiosk cannot reach the queue right now, so it cannot give you a ticket. A receptionist will help you.';
    show('failed');
    state.resetTimer = setTimeout(startOver, RESET_MS);
  } finally {
    state.busy = false;
    $('confirm').disabled = false;
    $('sending').textContent = '';
  }
}

/** Sends the kept (offline) registers, oldest first; answers whether none is left. */
async function flush() {
  for (const record of await pending(owner)) {
    try {
      await deliver(record);
    } catch (e) {
      if (e instanceof Refused && e.status === 401) switchOff();
      if (!(e instanceof Refused)) return false;
    }
  }
  return true;
}

async function refill() {
  if (link?.connected()) {
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

function showOfflineTicket(record) {
  $('ticket-number').textContent = record.ticketLabel;
  $('ticket-service').textContent = state.service.title;
  $('ticket-time').textContent = clock(record.args.arrivedAt, config.timeZone);
  $('ticket-qr').hidden = $('ticket-scan').hidden = true;
  $('ticket-offline').hidden = false;
  show('ticket');
  state.resetTimer = setTimeout(startOver, RESET_MS);
  if (config.autoPrint) window.print();
}

function showTicket(visit) {
  $('ticket-offline').hidden = true;
  $('ticket-scan').hidden = !visit.code;
  $('ticket-number').textContent = visit.ticket;
  $('ticket-service').textContent = state.service.title;
  $('ticket-time').textContent = clock(visit.arrivedAt, config.timeZone);
  const qr = $('ticket-qr');
  qr.hidden = !visit.code;
  const loaded = new Promise(resolve => { qr.onload = qr.onerror = resolve; });
  if (visit.code) {
    qr.src = `/kiosk/${encodeURIComponent(config.branch)}/v/${encodeURIComponent(visit.code)}/qr.svg?token=${encodeURIComponent(config.token)}`;
  }
  show('ticket');
  state.resetTimer = setTimeout(startOver, RESET_MS);
  if (config.autoPrint) (visit.code ? loaded : Promise.resolve()).then(() => window.print());
}

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

// An online register a reload left unanswered is not a ticket anyone holds: drop it (its number
// stays used). A leased one is: it is sent when the kiosk is connected.
for (const stale of await pending(owner)) if (!stale.leased) await forget(stale);

const LEASE_EVERY_MS = 60_000;
link = createKioskLink(config, {
  onOff: switchOff,
  onConnected: () => serial(async () => { await flush(); await refill(); }),
});
setInterval(() => serial(refill), LEASE_EVERY_MS);
addEventListener('online', () => serial(async () => { await flush(); await refill(); }));
$('kiosk').dataset.ready = 'true';
