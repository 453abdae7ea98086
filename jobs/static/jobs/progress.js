// Progress of a background download: polls the status every two seconds and updates the bar.
// Without JavaScript the page refreshes itself (meta refresh) and has a reload link.
(function () {
  "use strict";
  var box = document.querySelector(".job[data-status-url]");
  if (!box || !window.fetch) { return; }
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) { refresh.parentNode.removeChild(refresh); }
  var url = box.getAttribute("data-status-url");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (data.status !== box.getAttribute("data-status") && (data.status === "done" || data.status === "failed")) {
          window.location.reload();
          return;
        }
        var bar = box.querySelector(".job-progress");
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        var pct = box.querySelector(".job-percent");
        if (pct) { pct.textContent = data.percent + "%"; }
        var step = box.querySelector(".job-step");
        if (step) { step.textContent = data.step; }
        var warn = box.querySelector(".job-no-worker");
        if (warn) { warn.hidden = data.worker_running; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
