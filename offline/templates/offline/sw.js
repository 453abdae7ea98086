// Vangnet's service worker (served by offline.views.service_worker; see docs/offline.md).
// It keeps two things and nothing else:
//  - the application shell (CSS, JS, icons and a page without personal data saying you are offline);
//  - this week's session pages of the worker's own networks, which the page script (offline.js) stores
//    in the cache "vangnet-sessions" while online.
// A session page is always asked of the server first; only without a connection is the stored copy
// shown. A session saved without a connection is queued on the device (IndexedDB) and sent by the
// page script when the connection returns. Every other request goes to the network as usual.
const VERSION = {{ version_json|safe }};
const SHELL_CACHE = "vangnet-shell-" + VERSION;
const PAGE_CACHE = "vangnet-sessions";
const SHELL = {{ shell_json|safe }};
const STATIC_PREFIX = {{ static_prefix_json|safe }};
const OFFLINE_PAGE = "/offline/";
const SESSION_PATH = /^\/praktijk\/netwerk\/\d+\/activiteiten\/\d+\/bijeenkomst\/(\d{4}-\d{2}-\d{2})\/$/;
importScripts({{ idb_script_json|safe }}); // self.vangnetIdb, the database shared with offline.js
const { open: openDb, run: idb } = self.vangnetIdb;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("vangnet-shell-") && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function mondayOf(day) {
  const d = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d;
}

function inThisWeek(isoDate) {
  const [y, m, d] = isoDate.split("-").map(Number);
  const day = new Date(y, m - 1, d);
  return mondayOf(day).getTime() === mondayOf(new Date()).getTime();
}

async function queueSave(path, body) {
  const db = await openDb();
  const user = await idb(db, "meta", "readonly", (s) => s.get("user"));
  await idb(db, "queue", "readwrite", (s) => s.add({ path, body, user: user || "", queuedAt: Date.now(), state: "waiting" }));
  db.close();
}

async function storedPage(path) {
  const match = SESSION_PATH.exec(path);
  if (!match || !inThisWeek(match[1])) return undefined;
  const cache = await caches.open(PAGE_CACHE);
  return cache.match(path);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.method === "POST" && request.mode === "navigate" && SESSION_PATH.test(url.pathname)) {
    // Saving a session: send it; without a connection keep it on the device and show the page again.
    event.respondWith((async () => {
      const body = await request.clone().text();
      try {
        return await fetch(request);
      } catch (error) {
        await queueSave(url.pathname, body);
        return Response.redirect(url.pathname + "?wachtrij=1", 303);
      }
    })());
    return;
  }
  if (request.method !== "GET") return;

  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith((async () => {
      try {
        return await fetch(request);
      } catch (error) {
        const page = await storedPage(url.pathname);
        if (page) return page;
        return (await caches.match(OFFLINE_PAGE)) || Response.error();
      }
    })());
  }
});
