// The desk in memory: what the last read of the cache said (readDesk), plus the actions this tab
// made since. An action shows on the desk at once, from memory, while its IndexedDB write (the
// outbox) completes in the background; the cache stays the truth, which every read brings back.
// Pure: no DOM, no IndexedDB.
// Invariants:
// - an action of this tab is shown from the moment it is made until a read begun after its write
//   committed replaces it (that read holds the stored action, or what became of it);
// - reads count in the order they began: one that ends after a newer one was applied is dropped;
// - before its write, an action is a draft with no mutationId, shown as the outbox will store it:
//   a registration takes the next leased ticket (or provisional number) that the write will take,
//   unless another tab took it first, in which case the stored record corrects it;
// - a stored action the last read already holds (same mutationId) is not applied twice.
import { localDay, takeTicket } from './leases.js';

export function createLocal() {
  const s = { data: null, begun: 0, applied: 0, mine: [] };

  const held = () => new Set((s.data?.pending ?? []).map(a => a.mutationId));

  /** This tab's actions the last read does not hold, oldest first. */
  function unread() {
    const ids = held();
    return s.mine.filter(e => e.record.mutationId == null || !ids.has(e.record.mutationId)).map(e => e.record);
  }

  /** The leases and provisional counter after this tab's registrations the last read does not hold. */
  function tickets(now) {
    const leases = structuredClone(s.data?.leases ?? null);
    const client = s.data?.client;
    let provisional = client?.provisionalDay === localDay(now) ? client.provisional : 0;
    for (const a of unread()) {
      if (a.type !== 'register') continue;
      if (a.provisional) provisional += 1;
      else if (a.args.ticket != null) takeTicket(leases, a.args.serviceId, now);
    }
    return { leases, provisional };
  }

  return {
    /** Call right before reading the cache; pass what it answers to `read`. */
    begin: () => ++s.begun,

    /** A read begun as `seq` ended: takes it unless a newer one was taken. Answers whether it did. */
    read(seq, data) {
      if (seq < s.applied) return false;
      s.applied = seq;
      s.data = data;
      s.mine = s.mine.filter(e => e.storedAt == null || e.storedAt >= seq);
      return true;
    },

    get data() { return s.data; },

    /** Everything the outbox holds or will hold once this tab's writes commit, oldest first. */
    pending: () => [...(s.data?.pending ?? []), ...unread()],

    /** The leases as they will be once this tab's registrations are stored. */
    leases: () => tickets(new Date()).leases,

    /**
     * A new action of this tab, shown until stored and read back. draft: what enqueue (outbox.js)
     * gets; answers the entry to pass to `stored` or `failed`.
     */
    add(owner, draft, now = new Date()) {
      const record = {
        owner, mutationId: null, type: draft.type, visitId: draft.visitId ?? null, args: { ...draft.args },
        label: draft.label ?? null, createdAt: now.toISOString(), attempts: 0, state: 'pending', draft: true,
      };
      if (draft.type === 'register') {
        // The same choice enqueue (outbox.js) makes: online the server numbers the visitor; offline a
        // leased number, or a provisional one when no block is left.
        const { leases, provisional } = tickets(now);
        const taken = draft.online ? null : takeTicket(leases, record.args.serviceId, now);
        if (taken) {
          record.args.ticket = taken.number;
          record.ticketLabel = taken.label;
        } else if (draft.online) {
          record.ticketLabel = `${draft.prefix}-…`;
        } else {
          record.ticketLabel = `${draft.prefix}-P${provisional + 1}`;
          record.provisional = true;
        }
        record.args.arrivedAt = record.createdAt;
        record.label = `${record.ticketLabel} ${record.args.name}`;
      }
      const entry = { record, storedAt: null };
      s.mine.push(entry);
      return entry;
    },

    /**
     * Its write committed: the stored record (mutationId, ticket) takes the draft's place. Answers
     * whether the outbox holds actions this tab has not read: its mutation id is not the next one
     * after those it knows of (another tab, or any other writer, stored some in between).
     */
    stored(entry, record) {
      const known = Math.max(s.data?.client?.lastMutationId ?? 0,
        ...s.mine.filter(e => e !== entry && e.storedAt != null).map(e => e.record.mutationId));
      entry.record = record;
      entry.storedAt = s.begun;
      return record.mutationId !== known + 1;
    },

    /** Its write failed: it was never stored, so it is shown no longer. */
    failed(entry) {
      s.mine = s.mine.filter(e => e !== entry);
    },
  };
}
