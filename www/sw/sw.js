// The playground's service worker: after one visit every file of the app is
// in the cache and the page works offline. Generated at build time from
// www/sw/sw.js; the list of files and the version are filled in then.
/* global self, caches, fetch, URL, Response */
const VERSION = "__CLC_VERSION__";
const PRECACHE = __CLC_PRECACHE__;
const PREFIX = "clc-playground-";
const CACHE = PREFIX + VERSION;
// Navigations go to the network first (fresh after a deploy) but never wait
// longer than this before the cached copy answers.
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Entries are matched on their URL alone. The cache holds only this app's
// own files, fetched without an `Origin` header; a module script or
// stylesheet request carries one, so a server's `Vary: Origin` (vite preview
// sends it) would otherwise make every such request miss its precached copy
// and go to the network, which is not there offline.
function fromCache(request, options) {
  return caches.open(CACHE).then((cache) => cache.match(request, { ...options, ignoreVary: true }));
}

// The page asks whether the whole app is stored (it says "Works offline"
// only then): every precached file is checked, as the fetch handler finds it.
function offlineStatus() {
  return caches
    .open(CACHE)
    .then((cache) => Promise.all(PRECACHE.map((url) => cache.match(url, { ignoreVary: true }).then((hit) => (hit ? null : url)))))
    .then((results) => {
      const missing = results.filter((url) => url !== null);
      return { version: VERSION, files: PRECACHE.length, missing, ready: missing.length === 0 };
    });
}

self.addEventListener("message", (event) => {
  const port = event.ports && event.ports[0];
  if (!port || !event.data || event.data.type !== "clc-offline-status") return;
  event.waitUntil(
    offlineStatus().then(
      (status) => port.postMessage(status),
      (e) => port.postMessage({ version: VERSION, files: PRECACHE.length, missing: [], ready: false, error: String(e) }),
    ),
  );
});

function navigation(request) {
  const network = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      const url = new URL(request.url);
      url.search = "";
      url.hash = "";
      caches.open(CACHE).then((cache) => cache.put(url.toString(), copy));
    }
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null));
  const cached = () =>
    fromCache(request, { ignoreSearch: true }).then(
      (hit) => hit || fromCache(new URL("./index.html", self.registration.scope).toString()),
    );
  return Promise.race([network.catch(() => null), timeout]).then(
    (response) => response || cached().then((hit) => hit || network),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigation(request));
    return;
  }
  event.respondWith(
    fromCache(request).then(
      (hit) =>
        hit ||
        fetch(request).then((response) => {
          if (response.ok && response.type === "basic" && url.pathname.includes("/assets/")) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
