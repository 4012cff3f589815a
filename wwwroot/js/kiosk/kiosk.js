// The self check-in kiosk (/kiosk/{branch}?token=…): tap a service, maybe type a name, Confirm →
// the server's ticket in large type with a QR code to the visitor's status page; back to the start
// after RESET_MS or a tap. Invariants:
// - only the server's answer shows a ticket (sender.js): nothing provisional is ever shown;
// - a register that gets no answer is sent again, the same action, until SEND_FOR_MS have passed;
//   then the visitor is sent to the desk;
// - once the token is refused (link.js, or a 401 on a push) the kiosk shows it is switched off, and
//   nothing else.
import { clock } from '../clock.js';
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
      if (e instanceof Refused || Date.now() >= until) {
        await forget(record);
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
    showTicket(await deliver(await prepare(owner, args)));
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

function showTicket(visit) {
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

// What a reload or a failure left unanswered is not a ticket anyone holds: drop it (its number stays used).
for (const stale of await pending(owner)) await forget(stale);

createKioskLink(config, { onOff: switchOff });
$('kiosk').dataset.ready = 'true';
