// The connection to /hubs/queue, and an honest answer to "are we online?".
// SignalR's own state is not enough: with the network gone an open WebSocket can still report
// "Connected" while every invoke hangs (docs/architecture.md, "Is the desk online?"). So:
// - navigator.onLine false means offline, whatever the hub says;
// - every invoke has a timeout; one that times out marks the connection suspect and restarts it;
// - an invoke the connection closed under fails as kind 'closed', told apart by the connection's
//   state, not by the error's words (it may have reached the server: only a retry can tell);
// - a heartbeat (Echo) checks the connection while idle; the "online" event starts a fresh one;
// - the connection is started again for ever, with backoff, whenever it is down.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '../lib/signalr/index.js';
import { onLanguage, t } from './i18n.js';

export const HUB_PATH = '/hubs/queue';
const HEARTBEAT_MS = 10_000;
const PING_TIMEOUT_MS = 4_000;

/**
 * A transport failure: `kind` is the machine's ('offline' | 'disconnected', neither was sent |
 * 'timeout' | 'closed'); the message is the catalog's desk.link.<kind> in the desk's language, for
 * whoever shows it.
 */
export class LinkError extends Error {
  constructor(kind, method) {
    super(t(`desk.link.${kind}`, { method }));
    this.kind = kind;
  }
}

/**
 * A refusal the server itself answered, as opposed to a transport failure: `code` is the machine-
 * readable code the server put first in its error ("[batch-malformed] …"), or 'internal' when it
 * gave none; the message is the server's words, for people.
 */
export class ServerRefusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// The SignalR client hands a server's HubException over as text: "… HubException: [code] words".
function refusalOf(e) {
  const text = String(e?.message ?? e);
  const served = text.replace(/^[\s\S]*?HubException: /, '');
  const coded = /^\[([a-z][a-z-]*)\] ([\s\S]*)$/.exec(served);
  return coded ? new ServerRefusal(coded[1], coded[2]) : new ServerRefusal('internal', served);
}

const backoff = n => Math.min(15_000, 500 * 2 ** n) * (0.75 + Math.random() / 2);

/**
 * hooks: onConnected() after every (re)connect, onChanges(message), onNotify(notification),
 * onCatalog(message) when an admin changed the branch's services or desks,
 * onStatus(status) whenever the status may have changed.
 */
export function createLink(hooks) {
  const s = { suspect: false, stopped: false, starting: null, retries: 0, retryTimer: 0, lastContactAt: null };
  const connection = new HubConnectionBuilder()
    .withUrl(HUB_PATH)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: c => backoff(c.previousRetryCount) })
    .configureLogging(LogLevel.None)
    .build();

  const touch = () => { s.lastContactAt = Date.now(); };
  const emit = () => hooks.onStatus(status());

  function status() {
    if (!navigator.onLine) return 'offline';
    if (connection.state === HubConnectionState.Connected && !s.suspect) return 'online';
    return 'reconnecting';
  }

  connection.on('changes', m => { touch(); hooks.onChanges(m); });
  connection.on('notify', n => { touch(); hooks.onNotify(n); });
  connection.on('catalog', m => { touch(); hooks.onCatalog?.(m); });
  connection.onreconnecting(emit);
  connection.onreconnected(() => { s.suspect = false; touch(); emit(); hooks.onConnected(); });
  connection.onclose(() => { emit(); schedule(backoff(s.retries++)); });
  // The server words its refusals in the language of the request that opened the connection (the
  // picker's cookie): when the person picks another, open a fresh connection in it.
  onLanguage(() => { if (connection.state === HubConnectionState.Connected) restart(); });

  function schedule(ms) {
    clearTimeout(s.retryTimer);
    if (!s.stopped) s.retryTimer = setTimeout(ensureStarted, ms);
  }

  function ensureStarted() {
    if (s.stopped || s.starting || connection.state !== HubConnectionState.Disconnected) return;
    s.starting = (async () => {
      try {
        await connection.start();
        s.suspect = false;
        s.retries = 0;
        touch();
        emit();
        hooks.onConnected();
      } catch {
        emit();
        schedule(backoff(s.retries++));
      } finally {
        s.starting = null;
      }
    })();
  }

  async function restart() {
    if (s.restarting) return;
    s.restarting = true;
    emit();
    try {
      await connection.stop();   // rejects the invokes still hanging on the dead connection
    } catch { /* already stopped */ } finally {
      s.restarting = false;
      s.suspect = false;
    }
    s.retries = 0;
    schedule(0);
  }

  async function invoke(method, args, timeoutMs = 10_000) {
    if (!navigator.onLine) throw new LinkError('offline', method);
    if (connection.state !== HubConnectionState.Connected) throw new LinkError('disconnected', method);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new LinkError('timeout', method)), timeoutMs);
    });
    try {
      const result = await Promise.race([connection.invoke(method, ...args), timeout]);
      s.suspect = false;
      touch();
      emit();
      return result;
    } catch (e) {
      if (e instanceof LinkError && e.kind === 'timeout') {
        s.suspect = true;
        restart();
      } else if (!(e instanceof LinkError) && connection.state !== HubConnectionState.Connected) {
        emit();
        throw new LinkError('closed', method);
      } else if (!(e instanceof LinkError)) {
        // Still connected, and the invoke failed: the server answered it with an error.
        touch();
        emit();
        throw refusalOf(e);
      }
      emit();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async function ping() {
    try {
      await invoke('Echo', ['ping'], PING_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  async function heartbeat() {
    if (s.stopped || !navigator.onLine) return;
    if (connection.state === HubConnectionState.Connected) await ping();
    else if (connection.state === HubConnectionState.Disconnected) ensureStarted();
  }

  // The socket from before may have died without telling anyone (or still say "Connected" while
  // nothing gets through): start a fresh one rather than wait for a ping to time out.
  function onOnline() {
    restart();
  }

  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  addEventListener('online', onOnline);
  addEventListener('offline', emit);

  return {
    start() { s.stopped = false; ensureStarted(); },
    async stop() {
      s.stopped = true;
      clearInterval(timer);
      clearTimeout(s.retryTimer);
      removeEventListener('online', onOnline);
      removeEventListener('offline', emit);
      await connection.stop().catch(() => {});
    },
    invoke,
    status,
    lastContactAt: () => s.lastContactAt,
  };
}
