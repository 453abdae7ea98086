// Working without a connection (docs/offline.md). Progressive: without JavaScript or without service
// workers every page works online as always.
//  - registers the service worker (/sw.js);
//  - keeps this week's session pages of the worker's own networks in the cache "vangnet-sessions";
//  - shows what waits on this device ("Nog niet verstuurd: 1 bijeenkomst") and sends it, in order,
//    when the connection returns; a session changed by someone else meanwhile is opened as the server's
//    conflict page, with both versions;
//  - removes everything it stored when another person signs in, and the session pages when nobody is
//    signed in (logout also sends Clear-Site-Data, after asking when something is still unsent).
(() => {
  const status = document.getElementById("offline-status");
  if (!status || !self.vangnetIdb || !("serviceWorker" in navigator) || !("indexedDB" in window) || !("caches" in window)) return;
  const PAGE_CACHE = "vangnet-sessions";
  const SYNC_EVERY_MS = 10 * 60 * 1000;
  const text = status.dataset;
  const user = text.user || "";
  let waitingCount = 0;

  const { DB_NAME, open: openDb, run: idb } = self.vangnetIdb;

  async function allItems(db) {
    return (await idb(db, "queue", "readonly", (s) => s.getAll())) || [];
  }

  function dateOf(path) {
    const match = /(\d{4})-(\d{2})-(\d{2})\/$/.exec(path);
    return match ? `${Number(match[3])}-${Number(match[2])}-${match[1]}` : "";
  }

  function render(items) {
    const mine = items.filter((item) => item.user === user);
    const waiting = mine.filter((item) => item.state === "waiting");
    const attention = mine.filter((item) => item.state === "attention");
    waitingCount = mine.length;
    status.replaceChildren();
    if (!mine.length) { status.hidden = true; return; }
    status.hidden = false;
    if (waiting.length) {
      const p = document.createElement("p");
      p.className = "offline-waiting";
      p.textContent = waiting.length === 1 ? text.one : text.many.replace("{n}", waiting.length);
      status.append(p);
      if (navigator.onLine) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = text.send;
        button.addEventListener("click", () => sendQueue());
        status.append(button);
      } else {
        const p2 = document.createElement("p");
        p2.className = "help";
        p2.textContent = text.offline;
        status.append(p2);
      }
    }
    attention.forEach((item) => {
      // A real form post: the server answers with its conflict page (both versions) or the form's errors.
      const form = document.createElement("form");
      form.method = "post";
      form.action = item.path;
      form.className = "offline-attention";
      new URLSearchParams(item.body).forEach((value, name) => {
        const input = document.createElement("input");
        input.type = "hidden"; input.name = name; input.value = value;
        form.append(input);
      });
      const p = document.createElement("p");
      p.textContent = text.attention.replace("{date}", dateOf(item.path));
      const button = document.createElement("button");
      button.type = "submit";
      button.textContent = text.open;
      form.append(p, button);
      form.addEventListener("submit", async () => {
        const db = await openDb();
        await idb(db, "queue", "readwrite", (s) => s.delete(item.id));
        db.close();
      });
      status.append(form);
    });
  }

  function fillForm(item) {
    // The stored copy of the page shows what the server had; show what is waiting to be sent instead.
    const form = document.querySelector("form.session-form");
    if (!form || new URL(form.action || location.href, location.href).pathname !== item.path) return;
    const skip = new Set(["csrfmiddlewaretoken", "version", "token"]);
    form.querySelectorAll("input[type=checkbox]").forEach((box) => { box.checked = false; });
    new URLSearchParams(item.body).forEach((value, name) => {
      if (skip.has(name)) return;
      form.querySelectorAll(`[name="${CSS.escape(name)}"]`).forEach((field) => {
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.value === value) { field.checked = true; field.dispatchEvent(new Event("change")); }
        } else {
          field.value = value;
        }
      });
    });
    const note = document.createElement("p");
    note.className = "notice offline-here";
    note.textContent = text.queuedHere;
    form.prepend(note);
  }

  async function sendQueue() {
    if (!navigator.onLine || !user) return;
    const db = await openDb();
    try {
      const items = (await allItems(db)).filter((item) => item.user === user && item.state === "waiting");
      for (const item of items) {
        const page = await fetch(item.path, { credentials: "same-origin", headers: { "X-Vangnet-Offline": "1" } });
        if (page.redirected && new URL(page.url).pathname !== item.path) {
          status.hidden = false;
          status.append(Object.assign(document.createElement("p"), { textContent: text.login }));
          return;
        }
        const html = await page.text();
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("input[name=csrfmiddlewaretoken]");
        const body = new URLSearchParams(item.body);
        if (fresh) body.set("csrfmiddlewaretoken", fresh.value);
        const response = await fetch(item.path, {
          method: "POST", credentials: "same-origin", body,
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        });
        if (response.ok && new URL(response.url).pathname === item.path) {
          await idb(db, "queue", "readwrite", (s) => s.delete(item.id));
          const p = document.createElement("p");
          p.className = "message success";
          p.textContent = text.sent.replace("{date}", dateOf(item.path));
          document.querySelector(".messages, main")?.prepend(p);
        } else if (response.status === 409 || response.status === 400) {
          item.state = "attention";
          await idb(db, "queue", "readwrite", (s) => s.put(item));
        } else {
          break; // the server could not take it now; it stays waiting
        }
      }
    } catch (error) {
      // Still no connection: everything stays waiting.
    } finally {
      render(await allItems(db));
      db.close();
    }
  }

  async function storePages(db) {
    const meta = (await idb(db, "meta", "readonly", (s) => s.get("sync"))) || {};
    if (meta.user === user && Date.now() - (meta.at || 0) < SYNC_EVERY_MS) return;
    const answer = await fetch(text.pagesUrl, { credentials: "same-origin" });
    if (!answer.ok || answer.redirected) return;
    const { week, pages } = await answer.json();
    const cache = await caches.open(PAGE_CACHE);
    const keep = new Set(pages);
    for (const request of await cache.keys()) {
      if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
    }
    for (const path of pages) {
      const response = await fetch(path, { credentials: "same-origin", headers: { "X-Vangnet-Offline": "1" } });
      if (response.ok && !response.redirected) await cache.put(path, response);
    }
    await idb(db, "meta", "readwrite", (s) => s.put({ user, week, at: Date.now() }, "sync"));
  }

  async function start() {
    const db = await openDb();
    const previous = await idb(db, "meta", "readonly", (s) => s.get("user"));
    if (!user) {
      // Nobody signed in (logged out, or the session ended): the stored pages go; unsent saves wait
      // for the same person to sign in again.
      await caches.delete(PAGE_CACHE);
      await idb(db, "meta", "readwrite", (s) => s.delete("sync"));
    } else if (previous !== user) {
      // Another person on this device: nothing of the previous one stays.
      await caches.delete(PAGE_CACHE);
      const others = (await allItems(db)).filter((item) => item.user !== user);
      await idb(db, "queue", "readwrite", (s) => others.forEach((item) => s.delete(item.id)));
      await idb(db, "meta", "readwrite", (s) => { s.put(user, "user"); s.delete("sync"); });
    }
    const items = await allItems(db);
    render(items);
    items.filter((item) => item.user === user && item.path === location.pathname).forEach(fillForm);
    db.close();
    if (!user) return;
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    if (navigator.onLine) {
      await sendQueue();
      const db2 = await openDb();
      try { await storePages(db2); } catch (error) { /* offline again: keep what is stored */ } finally { db2.close(); }
    }
  }

  window.addEventListener("online", () => sendQueue());
  window.addEventListener("offline", async () => { const db = await openDb(); render(await allItems(db)); db.close(); });
  document.querySelectorAll("form.logout-form").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (waitingCount && !window.confirm(text.logoutConfirm)) { event.preventDefault(); return; }
      // The server's answer also says Clear-Site-Data; this covers browsers that ignore it.
      caches.delete(PAGE_CACHE);
      indexedDB.deleteDatabase(DB_NAME);
    });
  });
  start().catch(() => {});
})();
