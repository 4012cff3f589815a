// The public screen's live feed (/hubs/display) and an honest answer to "is it live?".
// Invariants:
// - the feed is live only while something came through it in the last STALE_MS: a call, a board
//   or a heartbeat reply. SignalR's "Connected" alone is not trusted (an open socket can hang);
// - after every (re)connect the board is read again (what was missed), and handed over as a
//   catch-up, never as live calls;
// - the connection is restarted for ever, with backoff; a refused token (401) is reported.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '../../lib/signalr/index.js';

export const STALE_MS = 10_000;
const HEARTBEAT_MS = 4_000;
const INVOKE_TIMEOUT_MS = 4_000;

const backoff = n => Math.min(10_000, 500 * 2 ** n) * (0.75 + Math.random() / 2);

/**
 * hooks: onCall(call) for a live call, onBoard(board) after each (re)connect, onJoin({ open }) when
 * remote joining is turned on or off, onState({ live, lastFeedAt, refused }) whenever that may have changed.
 */
export function createDisplayLink({ branch, token }, hooks) {
  const s = { lastFeedAt: Date.now(), retries: 0, retryTimer: 0, starting: false, refused: false, stopped: false };
  const url = `/hubs/display?branch=${encodeURIComponent(branch)}&display=${encodeURIComponent(token)}`;
  const connection = new HubConnectionBuilder().withUrl(url).configureLogging(LogLevel.None).build();

  const live = () => !s.refused && connection.state === HubConnectionState.Connected && Date.now() - s.lastFeedAt <= STALE_MS;
  const emit = () => hooks.onState({ live: live(), lastFeedAt: s.lastFeedAt, refused: s.refused });
  const touch = () => { s.lastFeedAt = Date.now(); emit(); };

  connection.on('call', call => { touch(); hooks.onCall(call); });
  connection.on('join', join => { touch(); hooks.onJoin(join); });
  connection.onclose(() => { emit(); schedule(backoff(s.retries++)); });

  function schedule(ms) {
    clearTimeout(s.retryTimer);
    if (!s.stopped) s.retryTimer = setTimeout(start, ms);
  }

  async function invoke(method) {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${method} timed out`)), INVOKE_TIMEOUT_MS); });
    try {
      return await Promise.race([connection.invoke(method), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function start() {
    if (s.stopped || s.starting || connection.state !== HubConnectionState.Disconnected) return;
    s.starting = true;
    try {
      await connection.start();
      s.refused = false;
      s.retries = 0;
      const board = await invoke('Board');
      touch();
      hooks.onBoard(board);
    } catch (e) {
      s.refused = e?.statusCode === 401;
      emit();
      if (connection.state !== HubConnectionState.Disconnected) await connection.stop().catch(() => {});
      else schedule(s.refused ? 60_000 : backoff(s.retries++));
    } finally {
      s.starting = false;
    }
  }

  /** Drops a connection that may be dead without knowing it; onclose starts a fresh one. */
  async function restart() {
    if (connection.state === HubConnectionState.Disconnected) return schedule(0);
    s.retries = 0;
    await connection.stop().catch(() => {});
  }

  async function heartbeat() {
    if (s.stopped || connection.state !== HubConnectionState.Connected) return;
    try {
      await invoke('Ping');
      touch();
    } catch {
      restart();
    }
  }

  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  const ticker = setInterval(emit, 1_000);   // "live" turns false by time passing alone
  const onOnline = () => restart();
  addEventListener('online', onOnline);

  return {
    start,
    async stop() {
      s.stopped = true;
      clearInterval(timer);
      clearInterval(ticker);
      clearTimeout(s.retryTimer);
      removeEventListener('online', onOnline);
      await connection.stop().catch(() => {});
    },
  };
}
