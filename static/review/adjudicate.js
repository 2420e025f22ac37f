// The adjudication page: review.js draws the disputed candidate (light curve, cutouts, statistics) as on the
// review page; this module owns the keys that differ there. 1/2/4 open a confirmation of the class pressed
// (Enter decides, Esc cancels: a decision has no undo), n/p go to the next/previous dispute, c the note. It
// listens on the window in the capture phase, so review.js never sees these keys (they would label, skip or
// undo in the expert's queue). The page after a decision shows the server's confirmation.
(function () {
  "use strict";

  const main = document.getElementById("review");
  const dialog = document.getElementById("decide-dialog");
  const dispute = () => JSON.parse(document.getElementById("page-data").textContent).adjudication;
  // Skip, undo, reject an epoch, the model's epoch for rejection, flag an image, reasons: not here (this page
  // neither labels nor rejects epochs, and its reject dialog is an empty stand-in for review.js).
  const REVIEW_ONLY_KEYS = new Set(["s", "u", "x", "m", "f", "r"]);
  let chosen = null;
  let busy = false;

  function setStatus(message, isError) {
    const status = document.getElementById("status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function button(code) {
    return main.querySelector(`button[data-decide="${code}"]`);
  }

  function ask(code) {
    const choice = button(code);
    if (!choice || choice.disabled || busy) return;
    chosen = code;
    const shown = document.getElementById("decide-class");
    shown.textContent = choice.textContent.trim().replace(/^(\d+)\s*/, "$1 · ");
    shown.className = `vote-class class-${code}`;
    const note = document.getElementById("comment").value.trim();
    document.getElementById("decide-note").textContent = note ? `Note: “${note}”` : "No note.";
    dialog.returnValue = "";
    dialog.showModal();
    document.getElementById("decide-confirm").focus();
  }

  async function decide(code) {
    busy = true;
    setStatus(`deciding ${code}…`);
    try {
      const response = await fetch(dispute().decide_url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": main.dataset.csrfToken },
        body: JSON.stringify({ decided_class: code, note: document.getElementById("comment").value }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
      main.dataset.decided = String(data.decided_class);
      setStatus(`MatchID ${data.match_id} decided: ${data.decided_class} (${data.name})`);
      window.location.assign(data.next_url);
    } catch (error) {
      busy = false;
      setStatus(`decision NOT saved: ${error.message}`, true);
    }
  }

  function go(direction) {
    const target = dispute()[`${direction}_url`];
    if (target) window.location.assign(target);
    else setStatus(`no ${direction} dispute in this campaign`);
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (dialog.open) {
      if (event.key === "Enter") {
        event.preventDefault();
        event.stopImmediatePropagation();
        dialog.close("confirm");
      }
      return; // Esc cancels the dialog natively
    }
    if (document.querySelector("dialog[open]") || event.target.matches("textarea, input, select")) return;
    const actions = {
      n: () => go("next"),
      p: () => go("previous"),
      c: () => document.getElementById("comment").focus(),
    };
    const action = button(event.key) ? () => ask(Number(event.key)) : actions[event.key];
    if (!action && !REVIEW_ONLY_KEYS.has(event.key)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (action) action();
  }

  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "confirm" && chosen !== null) decide(chosen);
    chosen = null;
  });
  main.addEventListener("click", (event) => {
    const target = event.target.closest("button[data-decide], button[data-go]");
    if (!target) return;
    if (target.dataset.decide) ask(Number(target.dataset.decide));
    else go(target.dataset.go);
    target.blur();
  });
  window.addEventListener("keydown", onKey, true);
})();
