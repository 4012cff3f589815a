// One tab per desk leads: it holds the connection, drains the outbox, pulls and leases tickets.
// The other tabs of the same desk follow: they read the same IndexedDB, queue their actions into
// the same outbox, and hear from the leader over a BroadcastChannel.
// Invariants:
// - at most one tab holds the Web Lock of an owner, so at most one drains its outbox;
// - when the leader closes, the lock passes to a waiting tab by itself;
// - "take over" steals the lock; the old leader is told by its lock request failing, and follows.
const tabs = new Map();   // owner → this tab's election

/**
 * hooks: onLead(), onFollow(), onMessage(message). Returns { post(message), takeOver(), isLeader() }.
 */
export function elect(owner, hooks) {
  const name = `reception-desk:${owner}`;
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
  const tab = { leading: false, waiting: null };
  tabs.set(owner, tab);
  channel?.addEventListener('message', e => hooks.onMessage(e.data));

  const post = message => channel?.postMessage(message);

  // Held until the page goes away or another tab steals it.
  const hold = () => new Promise(() => {
    tab.leading = true;
    post({ type: 'leader' });
    hooks.onLead();
  });

  function lost(e) {
    if (e?.name !== 'AbortError' || !tab.leading) return;
    tab.leading = false;
    hooks.onFollow();
    wait();
  }

  function wait() {
    tab.waiting = new AbortController();
    navigator.locks.request(name, { signal: tab.waiting.signal }, hold).catch(lost);
  }

  if (!navigator.locks) {
    // No Web Locks (not a secure context): this tab leads alone.
    hold();
  } else {
    navigator.locks.request(name, { ifAvailable: true }, lock => {
      if (lock) return hold();
      hooks.onFollow();
      wait();
      return null;
    }).catch(lost);
  }

  return {
    post,
    isLeader: () => tab.leading,
    takeOver() {
      if (!navigator.locks || tab.leading) return;
      tab.waiting?.abort();
      navigator.locks.request(name, { steal: true }, hold).catch(lost);
    },
  };
}
