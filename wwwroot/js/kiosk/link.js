// The kiosk's live connection to /hubs/kiosk: how it learns at once that it was switched off, and
// where it leases ticket numbers for offline use.
// Invariants:
// - the connection is restarted for ever, with backoff, while the kiosk is on (a network drop is
//   not a switch-off);
// - only the server's refusal of the token (401 from /kiosk/{branch}/on, asked when connecting
//   fails) switches the kiosk off: after the admin revokes the token the server closes the
//   connection, reconnecting fails, and the server says why.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '../../lib/signalr/index.js';

const backoff = n => Math.min(10_000, 500 * 2 ** n) * (0.75 + Math.random() / 2);

const INVOKE_TIMEOUT_MS = 6_000;

/** hooks: onOff() once, when the server refuses the kiosk's token; onConnected() after every (re)connect. */
export function createKioskLink({ branch, token }, hooks) {
  const s = { retries: 0, timer: 0, starting: false, off: false };
  const connection = new HubConnectionBuilder()
    .withUrl(`/hubs/kiosk?token=${encodeURIComponent(token)}`)
    .configureLogging(LogLevel.None)
    .build();

  connection.onclose(() => schedule(s.retries === 0 ? 0 : backoff(s.retries)));

  function schedule(ms) {
    clearTimeout(s.timer);
    if (!s.off) s.timer = setTimeout(start, ms);
  }

  async function start() {
    if (s.off || s.starting || connection.state !== HubConnectionState.Disconnected) return;
    s.starting = true;
    try {
      await connection.start();
      s.retries = 0;
      hooks.onConnected();
    } catch {
      if (await refused()) {
        s.off = true;
        hooks.onOff();
      } else {
        schedule(backoff(s.retries++));
      }
    } finally {
      s.starting = false;
    }
  }

  /** Whether the server refuses the kiosk's token (not: whether it could be reached). */
  async function refused() {
    const response = await fetch(`/kiosk/${encodeURIComponent(branch)}/on`, { headers: { 'X-Kiosk-Token': token }, cache: 'no-store' })
      .catch(() => null);
    return response?.status === 401;
  }

  async function invoke(method, ...args) {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${method} timed out`)), INVOKE_TIMEOUT_MS); });
    try {
      return await Promise.race([connection.invoke(method, ...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  addEventListener('online', () => schedule(0));
  start();
  return { invoke, connected: () => connection.state === HubConnectionState.Connected };
}
