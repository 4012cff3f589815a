// The desk's service worker (Workbox, loaded from this site: no CDN). Registered with scope /desk,
// so it controls the desk page only; the other pages never meet it.
// - precaches the desk's modules, libraries and styles (sw-manifest.js, made by scripts/vendor.sh);
// - serves the desk page network-first, from its page cache when the network is gone or too slow;
// - never touches the hub, the API, or anything else: those go to the network as they are.
importScripts('/lib/workbox/workbox-sw.js', '/sw-manifest.js');

workbox.setConfig({ modulePathPrefix: '/lib/workbox/', debug: false });
workbox.core.setCacheNameDetails({ prefix: 'reception' });

const PAGE_CACHE = 'reception-pages';   // desk.js stores the page here too

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

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));
