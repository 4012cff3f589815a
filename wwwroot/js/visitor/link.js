// The status page's connection to /hubs/visitor. Invariants:
// - after every (re)connect, and every REFRESH_MS while connected, the page asks for its visit again
//   (Watch): a status missed while away (a mobile network drop, a phone asleep, a lost broadcast)
//   comes back with the next answer, silently, never as a second alert of the same call;
// - the connection is restarted for ever, with backoff, whenever it is down; the "online" event and
//   the page becoming visible again restart it at once;
// - every invoke has a timeout: an open socket can hang without saying so;
// - a code the server does not know ([not-found]) stops the link: nothing will ever come.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '../../lib/signalr/index.js';

const REFRESH_MS = 30_000;
const INVOKE_TIMEOUT_MS = 8_000;
const backoff = n => Math.min(15_000, 500 * 2 ** n) * (0.75 + Math.random() / 2);

/** The machine-readable code the server put first in its error ("[not-found] …"), or null. */
export const refusalCode = error => /\[([a-z-]+)\]/.exec(String(error?.message ?? ''))?.[1] ?? null;

/** hooks: onUpdate(update) for every status received, onState({ connected, since }), onConnected(), onGone(). */
export function createVisitorLink(code, hooks) {
  const s = { retries: 0, timer: 0, starting: false, gone: false, downSince: null };
  const connection = new HubConnectionBuilder().withUrl('/hubs/visitor').configureLogging(LogLevel.None).build();

  const emit = () => hooks.onState({ connected: connection.state === HubConnectionState.Connected, since: s.downSince });
  connection.on('status', update => hooks.onUpdate(update));
  connection.onclose(() => {
    s.downSince ??= Date.now();
    emit();
    schedule(backoff(s.retries++));
  });

  function schedule(ms) {
    clearTimeout(s.timer);
    if (!s.gone) s.timer = setTimeout(start, ms);
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

  async function watch() {
    try {
      hooks.onUpdate(await invoke('Watch', code));
      return true;
    } catch (e) {
      if (refusalCode(e) === 'not-found') {
        s.gone = true;
        hooks.onGone();
      }
      return false;
    }
  }

  async function start() {
    if (s.gone || s.starting || connection.state !== HubConnectionState.Disconnected) return;
    s.starting = true;
    try {
      await connection.start();
      if (await watch()) {
        s.retries = 0;
        s.downSince = null;
        emit();
        hooks.onConnected();
      } else if (!s.gone) {
        await connection.stop();
      }
    } catch {
      s.downSince ??= Date.now();
      emit();
      if (connection.state === HubConnectionState.Disconnected) schedule(backoff(s.retries++));
      else await connection.stop().catch(() => {});
    } finally {
      s.starting = false;
    }
  }

  /** Catch up now: ask again when connected, or reconnect when not (or when the socket may be dead). */
  async function refresh() {
    if (connection.state === HubConnectionState.Disconnected) return schedule(0);
    if (connection.state === HubConnectionState.Connected && !(await watch()) && !s.gone) {
      await connection.stop().catch(() => {});
    }
  }

  setInterval(refresh, REFRESH_MS);
  addEventListener('online', refresh);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') refresh(); });

  return { start, invoke, refresh };
}
