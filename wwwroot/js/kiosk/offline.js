// Keeps this kiosk's page for a reload (or a restart) without network: sw.js, registered here with
// scope /kiosk/, serves /kiosk/{branch}?token=… network-first from the cache below.
// Invariants:
// - one copy per link, under its whole URL (token and all): a link's copy is never served for
//   another branch's or another token's link;
// - the copy is the last page the server gave this link: sw.js stores every page it serves online,
//   and each load online stores it here too (a first load comes before the service worker is in charge);
// - a kiosk switched off forgets its copy (sw.js also does when the server refuses the link), so a
//   revoked kiosk that reloads online gets the server's "switched off" page, and later no copy at all.
const KIOSK_CACHE = 'reception-kiosk-pages';   // sw.js's name for it
const RETRY_MS = 10_000;

/** Registers the service worker and makes sure this page is stored; answers whether it is. */
export async function keepForOffline() {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return false;
  let kept = false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/kiosk/', updateViaCache: 'none' });
    await Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(reject, 20_000))]);
    const pages = await caches.open(KIOSK_CACHE);
    // The page the service worker stored as it served it, or (a first load, served before it was in
    // charge) none: fetched again, fresh.
    if (navigator.onLine) {
      const response = await fetch(location.href, { cache: 'no-store' });
      if (response.status === 200 && !response.redirected) await pages.put(location.href, response);
      else if (response.status === 401 || response.status === 403) return forgetOffline();   // switched off: link.js says so
    }
    kept = !!(await pages.match(location.href, { ignoreVary: true }));
  } catch {
    // No copy yet (the network went away meanwhile, storage full): tried again below.
  }
  if (!kept) {
    if (navigator.onLine) setTimeout(keepForOffline, RETRY_MS);
    else addEventListener('online', keepForOffline, { once: true });
  }
  document.documentElement.dataset.offlineReady = String(kept);
  return kept;
}

export async function forgetOffline() {
  if ('caches' in window) await (await caches.open(KIOSK_CACHE)).delete(location.href).catch(() => false);
}
