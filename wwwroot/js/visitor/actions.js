// "I'm leaving the queue" and "I need a few more minutes", exactly once. Invariants:
// - the page has a clientId of its own, kept per visit code in localStorage; the server lets it act
//   on that visit only (the visit owns it);
// - an action gets the next mutation id and is kept until the server answers it; after a reconnect
//   or a reload it is sent again with the same id, so the server applies it once (a repeat answers
//   "duplicate");
// - one action at a time; the visitor confirms each first.
import { refusalCode } from './link.js';

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));   // plain http on a LAN: no randomUUID
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const METHOD = { leave: 'Leave', postpone: 'Postpone' };

/** hooks: onReply(reply, type) for the server's answer; onSending(type | null). */
export function createActions(code, link, hooks) {
  const key = `reception-visitor:${code}`;
  let s;
  try { s = JSON.parse(localStorage.getItem(key)); } catch { s = null; }
  if (!s?.clientId) s = { clientId: newId(), next: 1, pending: null };
  const save = () => { try { localStorage.setItem(key, JSON.stringify(s)); } catch { /* private mode: this page only */ } };
  save();
  let sending = false;

  async function send() {
    const pending = s.pending;
    if (!pending || sending) return;
    sending = true;
    hooks.onSending(pending.type);
    try {
      const reply = await link.invoke(METHOD[pending.type], code, s.clientId, pending.mutationId);
      s.pending = null;
      s.next = pending.mutationId + 1;
      save();
      hooks.onSending(null);
      hooks.onReply(reply, pending.type);
    } catch (e) {
      if (refusalCode(e) === 'not-found') {
        s.pending = null;
        save();
      }
      // Otherwise kept: sent again when the link is back (or the page is reloaded).
      hooks.onSending(s.pending ? s.pending.type : null);
    } finally {
      sending = false;
    }
  }

  return {
    get busy() { return !!s.pending; },
    request(type) {
      if (s.pending) return;
      s.pending = { type, mutationId: s.next };
      save();
      send();
    },
    /** Sends what is still waiting for an answer (after a reconnect). */
    resend: send,
  };
}
