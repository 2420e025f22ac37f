// Moves every ingest progress bar on the page (job page, ingest index and admin list) by polling its JSON status.
(function () {
  "use strict";
  function fillRows(body, rows) {
    if (!rows.length) { return; }  // keep the page's "not yet" line
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.textContent = row.label;
      var td = document.createElement("td"); td.textContent = row.value;
      tr.appendChild(th); tr.appendChild(td); body.appendChild(tr);
    });
  }
  function render(el, s) {
    var bar = el.querySelector(".ingest-bar");
    var fill = el.querySelector(".ingest-bar-fill");
    if (fill) { fill.style.width = s.percent + "%"; }
    if (bar) {
      bar.setAttribute("aria-valuenow", s.percent);
      bar.classList.toggle("failed", s.state === "failed");
    }
    el.querySelectorAll("[data-field]").forEach(function (f) {
      var name = f.getAttribute("data-field");
      if (name in s) { f.textContent = s[name]; }
      if (name === "state") { f.className = f.className.replace(/\bstate-\w+/, "state-" + s.state); }
    });
    el.querySelectorAll("[data-rows]").forEach(function (body) {
      var rows = s[body.getAttribute("data-rows")];
      if (rows) { fillRows(body, rows); }
    });
  }
  function poll(el) {
    fetch(el.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        render(el, s);
        if (!s.finished) { setTimeout(function () { poll(el); }, 2000); }
      })
      .catch(function () { setTimeout(function () { poll(el); }, 5000); });
  }
  document.querySelectorAll("[data-status-url]").forEach(function (el) {
    if (el.querySelector("[data-field='state']") && ["succeeded", "failed", "cancelled"].indexOf(
        el.querySelector("[data-field='state']").textContent.trim()) >= 0) { return; }
    poll(el);
  });
})();
