// The device's IndexedDB database, shared by the page script (offline.js, loaded after this file by
// core/base.html) and the service worker (sw.js, through importScripts). One definition of its stores:
//  - "queue": saves made without a connection ({ path, body, user, queuedAt, state });
//  - "meta": "user" (the opaque key of the person on this device) and "sync" (when pages were kept).
self.vangnetIdb = Object.freeze({
  DB_NAME: "vangnet-offline",

  open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(self.vangnetIdb.DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  },

  // One transaction on one store; resolves with the result of the request `action` returns, if any.
  run(db, store, mode, action) {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const result = action(tx.objectStore(store));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  },
});
