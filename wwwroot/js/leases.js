// Ticket leases (docs/protocol.md, "Ticket numbers"): while online the leading tab keeps a small block
// of ticket numbers per service, reserved on the server for this client and day, so that a visitor
// registered offline gets a real ticket at once. Leased numbers come from a range of their own (501 up),
// so online numbers stay 001, 002, 003… With none left the ticket is provisional and the server's
// number replaces it on sync. The server's visit.ticket is always the one that counts.
// Invariants:
// - a number is taken in the same transaction that queues its registration, so two tabs never
//   hand out the same number;
// - only blocks of the branch's current day (in the branch's time zone, which each block carries)
//   are used; older ones are dropped at the next top-up.
import { cache, ensureClient, leasesKey } from './db.js';
import { ServerRefusal } from './hub.js';

// Refusals after which leasing is not tried again for a while (see topUp).
const NOT_NOW = new Set(['not-found', 'forbidden-branch', 'internal']);

const BLOCK = 5;   // numbers asked for at a time
const LOW = 3;     // top up when fewer than this are left

/** Today in the browser's time zone, as the server writes a lease's day (yyyy-MM-dd). */
export function localDay(date = new Date()) {
  const p = n => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

const dayFormats = new Map();

/** The day it is at `date` in an IANA time zone (yyyy-MM-dd); an id this browser does not know counts as UTC. */
export function dayIn(timeZone, date = new Date()) {
  const zone = timeZone || 'UTC';
  let format = dayFormats.get(zone);
  if (!format) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit' };
    try {
      format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: 'UTC' });
    }
    dayFormats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(date).map(x => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

// A block is good on the branch's day it was leased for. Blocks stored before leases said their
// zone fall back to the browser's day.
const current = (block, now) => block.day === (block.timeZone ? dayIn(block.timeZone, now) : localDay(now));

export const ticketLabel = (prefix, number) => `${prefix}-${String(number).padStart(3, '0')}`;

export function remaining(record, serviceId, now = new Date()) {
  return (record?.blocks ?? [])
    .filter(b => b.serviceId === serviceId && current(b, now))
    .reduce((n, b) => n + Math.max(0, b.last - b.next + 1), 0);
}

/** Takes the next leased number of the service for the branch's today, or null; mutates the record. */
export function takeTicket(record, serviceId, now = new Date()) {
  const block = (record?.blocks ?? []).find(b => b.serviceId === serviceId && current(b, now) && b.next <= b.last);
  if (!block) return null;
  const number = block.next++;
  return { number, label: ticketLabel(block.prefix, number) };
}

const unsupported = new Map();   // per page: the server has no LeaseTickets yet

/**
 * Asks the server for a block for every service running low. Called by the leading tab only, when
 * online. A failure just leaves registrations with provisional tickets until the next try.
 */
export async function topUp({ owner, branch, services, invoke }) {
  if (unsupported.get(branch) > Date.now()) return 0;
  const db = await cache();
  const [client, held] = await Promise.all([ensureClient(owner), db.get('metadata', leasesKey(owner))]);
  let added = 0;
  for (const service of services) {
    if (remaining(held, service.id) >= LOW) continue;
    let lease;
    try {
      lease = await invoke('LeaseTickets', [{ branch, clientId: client.clientId, serviceId: service.id, count: BLOCK }]);
    } catch (e) {
      // A server that has no leases for this branch (an unknown service or branch, or an older server
      // without the method) is not asked again for a while; a busy or unreachable one is.
      if (e instanceof ServerRefusal && NOT_NOW.has(e.code)) unsupported.set(branch, Date.now() + 10 * 60_000);
      return added;
    }
    if (lease && lease.last >= lease.first) {
      await addBlock(owner, lease);
      added += lease.last - lease.first + 1;
    }
  }
  return added;
}

async function addBlock(owner, lease) {
  const db = await cache();
  const tx = db.transaction('metadata', 'readwrite');
  const record = (await tx.store.get(leasesKey(owner))) ?? { key: leasesKey(owner), blocks: [] };
  const now = new Date();
  record.blocks = record.blocks.filter(b => current(b, now) && b.next <= b.last);
  if (!record.blocks.some(b => b.serviceId === lease.serviceId && b.day === lease.day && b.first === lease.first)) {
    record.blocks.push({
      serviceId: lease.serviceId, prefix: lease.prefix, day: lease.day, timeZone: lease.timeZone,
      first: lease.first, last: lease.last, next: lease.first,
    });
  }
  await tx.store.put(record);
  await tx.done;
}
