// The offline pages' service worker (Workbox, loaded from this site: no CDN). Registered twice, with
// scope /desk (desk.js) and scope /kiosk/ (kiosk/kiosk.js); the other pages never meet it.
// - precaches the desk's and the kiosk's modules, libraries and styles (sw-manifest.js, made by
//   scripts/vendor.sh);
// - serves the desk page and each kiosk page network-first, from a page cache when the network is
//   gone or too slow;
// - a kiosk page is cached per URL, token and all: one link's copy is never served for another
//   (another branch, another token), and the copy is the last page the server gave that link;
// - a kiosk link the server refuses (revoked, another branch: 403) loses its copy at once;
// - never touches the hub, the API, or anything else: those go to the network as they are.
importScripts('/lib/workbox/workbox-sw.js', '/sw-manifest.js');

workbox.setConfig({ modulePathPrefix: '/lib/workbox/', debug: false });
workbox.core.setCacheNameDetails({ prefix: 'reception' });

const PAGE_CACHE = 'reception-pages';          // desk.js stores the page here too
const KIOSK_CACHE = 'reception-kiosk-pages';   // and kiosk.js its page here (signing out of a desk keeps it)

// ?v=… is asp-append-version's cache buster: the same file.
workbox.precaching.precacheAndRoute(self.__precacheManifest, { ignoreURLParametersMatching: [/^v$/] });
workbox.precaching.cleanupOutdatedCaches();

// A sign-in page answered for /desk (an expired cookie) must never be stored as the desk.
const onlyTheDesk = { cacheWillUpdate: async ({ response }) => (response.ok && !response.redirected ? response : null) };

workbox.routing.registerRoute(
  ({ request, url }) => request.mode === 'navigate' && url.pathname === '/desk',
  new workbox.strategies.NetworkFirst({
    cacheName: PAGE_CACHE, networkTimeoutSeconds: 4, plugins: [onlyTheDesk], matchOptions: { ignoreVary: true },
  }));

// A kiosk page only as it is served to a kiosk that is on; a refusal forgets the stored copy.
const onlyAKioskThatIsOn = {
  cacheWillUpdate: async ({ response }) => (response.status === 200 && !response.redirected ? response : null),
  fetchDidSucceed: async ({ request, response }) => {
    if (response.status === 401 || response.status === 403) await (await caches.open(KIOSK_CACHE)).delete(request.url);
    return response;
  },
};

workbox.routing.registerRoute(
  ({ request, url }) => request.mode === 'navigate' && /^\/kiosk\/[^/]+$/.test(url.pathname),
  new workbox.strategies.NetworkFirst({
    cacheName: KIOSK_CACHE, networkTimeoutSeconds: 4, plugins: [onlyAKioskThatIsOn], matchOptions: { ignoreVary: true },
  }));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));
