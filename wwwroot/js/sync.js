// The leading tab's work: follow the feed, drain the outbox, keep ticket leases topped up.
// Invariants:
// - one pull and one drain at a time; a request for another while one runs is remembered, not lost;
// - the outbox drains in order, in batches, only while the link says online;
// - a batch holds at most s.batch actions and BATCH_BYTES of JSON; an action over BATCH_BYTES alone
//   is never sent: it fails at once, with its size as the reason;
// - a push the connection closed under (the hub closes it over a message too large; so may a proxy)
//   or that timed out is sent again as half as many actions, down to one; every answered push
//   doubles s.batch back up to BATCH;
// - a whole-request failure keeps every action (the server stored nothing) and is retried with
//   backoff; only a request the server calls malformed is narrowed down to the one action at fault,
//   which then fails visibly so the ones behind it go on.
import { createLink, LinkError, ServerRefusal } from './hub.js';
import { applyPull, hasDeferred, mergeChanges } from './feed.js';
import { failFirst, nextBatch, settle, startOver, toWire } from './outbox.js';
import { topUp } from './leases.js';
import { replaceCatalog, saveAnnouncements, saveContact, readSnapshot } from './db.js';

const BATCH = 50;
// A quarter of the hub's limit (1 MiB, SyncApi.MaxPushBytes): no push is refused for its size, and
// none holds a slow link for long. PUSH_FRAME_BYTES is the rest of the message: the request's branch
// and sentAt, and the hub's invocation frame around it.
const BATCH_BYTES = 256 * 1024;
const PUSH_FRAME_BYTES = 1024;
const DRAIN_EVERY_MS = 5_000;
const LEASE_EVERY_MS = 60_000;
const RECHECK_DEFERRED_MS = 20_000;

/** hooks: onChanged() after the cache changed, onStatus({ status, lastContactAt, error }). */
export function startSync({ owner, branch, hooks }) {
  const s = {
    pulling: null, pullAgain: false, draining: null, drainAgain: false, batch: BATCH, strikes: 0, error: null, holdUntil: 0,
    recheckBefore: 0, undoTimer: null,
  };

  const link = createLink({
    onConnected: () => { resync(); },
    onChanges: message => { onBroadcast(message); },
    onNotify: async n => {
      await saveAnnouncements(branch, [n]);
      hooks.onChanged();
      // A background retry gave up: its final result is waiting for whoever sent it.
      if (n.kind === 'failed' && await hasDeferred(owner)) recheckDeferred();
    },
    onCatalog: message => { onCatalog(message); },
    onStatus: () => report(),
  });

  /** An admin closed, reopened or changed a service or desk: the snapshot takes the new lists. */
  async function onCatalog(message) {
    if (message.branch === branch && await replaceCatalog(branch, message)) hooks.onChanged();
  }

  let savedContact = 0;
  function report() {
    const lastContactAt = link.lastContactAt();
    if (lastContactAt && lastContactAt - savedContact > 5_000) {
      savedContact = lastContactAt;
      saveContact(owner, lastContactAt);
    }
    hooks.onStatus({ status: link.status(), lastContactAt, error: s.error });
  }

  async function resync() {
    try {
      await link.invoke('Subscribe', [branch]);   // a manager of every branch joins this one's group
    } catch { /* the pull below says whether we may read it */ }
    await pull();
    await drain();
    await leases();
  }

  async function onBroadcast(message) {
    if (message.branch !== branch) return;
    const result = await mergeChanges(owner, branch, message.fromVersion - 1, message.toVersion, message.items);
    if (result.gap) await pull();
    else if (result.changed) hooks.onChanged();
  }

  function pull() {
    if (s.pulling) {
      s.pullAgain = true;
      return s.pulling;
    }
    s.pulling = settled(async () => {
      try {
        do {
          s.pullAgain = false;
          let since = (await readSnapshot(branch))?.version ?? 0;
          for (;;) {
            let answer;
            try {
              answer = await link.invoke('Pull', [branch, since], 20_000);
            } catch (e) {
              // A cache ahead of the server (it started over): begin again from a snapshot.
              if (since > 0 && e instanceof ServerRefusal && e.code === 'feed-ahead') { since = 0; continue; }
              throw e;
            }
            const result = await applyPull(owner, branch, since, answer);
            if (result.gap) { since = 0; continue; }
            hooks.onChanged();
            if (!answer.hasMore) break;
            since = answer.toVersion;
          }
        } while (s.pullAgain);
      } catch {
        // Offline or timed out: the next (re)connect pulls again.
      }
    }, () => { s.pulling = null; });
    return s.pulling;
  }

  function drain() {
    if (s.draining) {
      s.drainAgain = true;
      return s.draining;
    }
    s.draining = settled(async () => {
      do {
        s.drainAgain = false;
        while (link.status() === 'online' && Date.now() >= s.holdUntil) {
          const { actions, tooLarge, heldUntil } = await nextBatch(owner, branch,
            { max: s.batch, maxBytes: BATCH_BYTES - PUSH_FRAME_BYTES, recheckBefore: s.recheckBefore });
          if (heldUntil) drainAt(heldUntil);
          s.recheckBefore = 0;
          if (tooLarge) {
            if (!await failFirst(owner, tooLargeReason(tooLarge.bytes), tooLarge.mutationId)) break;
            hooks.onChanged();
            continue;
          }
          if (!actions.length) break;
          if (!await send(actions)) break;
        }
      } while (s.drainAgain && link.status() === 'online');
    }, () => { s.draining = null; });
    return s.draining;
  }

  async function send(batch) {
    let response;
    try {
      response = await link.invoke('Push', [{ branch, sentAt: new Date().toISOString(), actions: batch.map(toWire) }], 10_000 + 200 * batch.length);
    } catch (e) {
      if (e instanceof LinkError && (e.kind === 'closed' || e.kind === 'timeout')) {
        s.batch = Math.max(1, Math.floor(batch.length / 2));   // kept; fewer at a time once the link is back
      } else {
        await refused(e, batch.length);
      }
      return false;
    }
    s.strikes = 0;
    s.batch = Math.min(BATCH, s.batch * 2);
    setError(null);
    const outcome = await settle(owner, branch, response.results);
    hooks.onChanged();
    if (outcome.registered) leases();
    return true;
  }

  async function refused(e, size) {
    if (!(e instanceof ServerRefusal)) return;   // transport: kept, and sent again once the link is back
    switch (e.code) {
      case 'batch-malformed':
      case 'batch-too-large':
        // Refused as a whole, nothing stored: narrow the batch down to the action at fault, which
        // then fails visibly (after a second refusal alone) so the ones behind it go on.
        if (size > 1) {
          s.batch = Math.max(1, Math.floor(size / 2));
        } else if (++s.strikes >= 2) {
          s.strikes = 0;
          // The receptionist reads the first sentence; whoever supports the desk, the server's own words.
          await failFirst(owner, { key: 'desk.failed.unreadable', args: { said: e.message } });
          hooks.onChanged();
          return;
        }
        s.drainAgain = true;
        return;
      case 'client-not-yours':
        // This profile's clientId is another login's: start a new one, and send again at once.
        await startOver(owner);
        s.drainAgain = true;
        leases();
        return;
      case 'rate-limited':
        setError({ code: e.code, message: e.message });
        s.holdUntil = Date.now() + 2_000;
        return;
      default:
        // The database briefly away, a lost permission, anything unexpected: keep every action,
        // say so, and try again later. The desk words it by its code (problems.<code>) when it can.
        setError({ code: e.code, message: e.message });
        s.holdUntil = Date.now() + 5_000;
    }
  }


  // An action held for undo: drain again the moment its hold ends.
  function drainAt(time) {
    clearTimeout(s.undoTimer);
    s.undoTimer = setTimeout(() => { if (link.status() === 'online') drain(); }, Math.max(0, time - Date.now()) + 20);
  }

  function recheckDeferred() {
    s.recheckBefore = Date.now();
    drain();
  }

  function setError(error) {
    if (s.error === error || (s.error && error && s.error.code === error.code && s.error.message === error.message)) return;
    s.error = error;
    report();
  }

  async function leases() {
    if (link.status() !== 'online') return;
    const snapshot = await readSnapshot(branch);
    if (!snapshot) return;
    const added = await topUp({ owner, branch, services: snapshot.services ?? [], invoke: (m, a) => link.invoke(m, a, 8_000) });
    if (added) hooks.onChanged();
  }

  const drainTimer = setInterval(() => { if (link.status() === 'online') drain(); }, DRAIN_EVERY_MS);
  const recheckTimer = setInterval(() => {
    s.recheckBefore = Date.now() - RECHECK_DEFERRED_MS;
    if (link.status() === 'online') drain();
  }, RECHECK_DEFERRED_MS);
  const leaseTimer = setInterval(leases, LEASE_EVERY_MS);
  link.start();
  report();

  return {
    drain,
    status: () => ({ status: link.status(), lastContactAt: link.lastContactAt(), error: s.error }),
    async stop() {
      clearInterval(drainTimer);
      clearInterval(recheckTimer);
      clearInterval(leaseTimer);
      clearTimeout(s.undoTimer);
      await link.stop();
    },
  };
}

const kb = bytes => Math.ceil(bytes / 1024);

function tooLargeReason(bytes) {
  return { key: 'desk.failed.tooLarge', args: { size: kb(bytes), max: kb(BATCH_BYTES - PUSH_FRAME_BYTES) } };
}

/**
 * Runs work and calls done once it has finished, never before the caller holds the promise (work
 * that finishes without awaiting anything would otherwise run done first, and the caller would
 * then keep a finished promise as "running" for ever).
 */
function settled(work, done) {
  const run = Promise.resolve().then(work);
  run.then(done, done);
  return run.catch(() => {});
}
