// Moves every ingest progress bar on the page (job page and admin list) by polling its JSON status.
(function () {
  "use strict";
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
      if (name === "counts") {
        f.textContent = "";
        Object.keys(s.counts).forEach(function (k) {
          var tr = document.createElement("tr");
          var th = document.createElement("th"); th.textContent = k;
          var td = document.createElement("td"); td.textContent = s.counts[k];
          tr.appendChild(th); tr.appendChild(td); f.appendChild(tr);
        });
      } else if (name in s) {
        f.textContent = s[name];
      }
    });
  }
  function poll(el) {
    fetch(el.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) { return; }
        render(el, s);
        if (!s.finished) { setTimeout(function () { poll(el); }, 1000); }
      })
      .catch(function () { setTimeout(function () { poll(el); }, 3000); });
  }
  document.querySelectorAll("[data-status-url]").forEach(function (el) {
    if (el.querySelector("[data-field='state']") && ["succeeded", "failed", "cancelled"].indexOf(
        el.querySelector("[data-field='state']").textContent.trim()) >= 0) { return; }
    poll(el);
  });
})();
