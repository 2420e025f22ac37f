// The campaign form's live count: as a selection criterion changes, ask the server how many candidates the
// selection picks, with and without a light curve, and show it above the confirmation box. Used by the
// curators' builder page and by the admin's campaign form (the same form).
(function () {
  "use strict";

function start() {
  const confirmBox = document.querySelector("input[data-count-url]");
  if (!confirmBox) return;
  const form = confirmBox.form;
  const url = confirmBox.dataset.countUrl;
  const criteria = new Set(confirmBox.dataset.criteria.split(","));
  const number = new Intl.NumberFormat("en-US");

  let output = document.getElementById("selection-count");
  if (!output) {  // the admin's form: put the count above the confirmation box's row
    output = document.createElement("output");
    output.id = "selection-count";
    output.className = "selection-count";
    const row = confirmBox.closest(".form-row, p, div") || confirmBox.parentElement;
    row.parentElement.insertBefore(output, row);
  }
  output.setAttribute("aria-live", "polite");

  function query() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (criteria.has(name) && typeof value === "string") params.append(name, value);
    }
    return params.toString();
  }

  function show(answer) {
    output.replaceChildren();
    output.dataset.selected = answer.selected;
    output.dataset.withLightCurve = answer.with_light_curve;
    output.dataset.withoutLightCurve = answer.without_light_curve;
    const total = document.createElement("strong");
    total.textContent = number.format(answer.selected) + (answer.selected === 1 ? " candidate" : " candidates");
    output.append(total, " in the campaign: ", number.format(answer.with_light_curve),
      " with a light curve, ", number.format(answer.without_light_curve), " without");
    output.append(answer.include_without_light_curve
      ? " (included)."
      : answer.without_light_curve ? " (left out unless you tick \u201cInclude objects without a light curve\u201d)." : ".");
    if (answer.needs_confirmation) {
      const warn = document.createElement("span");
      warn.className = "needs-confirmation";
      warn.textContent = " More than " + number.format(answer.confirm_above) + ": tick \u201cConfirm a large campaign\u201d to create it.";
      output.append(warn);
    }
    output.append(document.createElement("br"), "Selection: " + answer.description + ".");
    output.classList.remove("invalid");
  }

  function refuse(messages) {
    delete output.dataset.selected;
    output.textContent = messages.join(" ");
    output.classList.add("invalid");
  }

  let asked = 0;
  let timer = null;
  async function update() {
    const ticket = ++asked;
    output.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url + "?" + query(), { credentials: "same-origin", headers: { Accept: "application/json" } });
      const answer = await response.json();
      if (ticket !== asked) return;  // a later change is on its way
      if (response.ok) show(answer); else refuse(answer.messages || []);
    } catch (error) {
      if (ticket === asked) { output.textContent = "The count could not be fetched: " + error.message; }
    } finally {
      if (ticket === asked) output.removeAttribute("aria-busy");
    }
  }

  function changed(event) {
    if (!event.target.name || !criteria.has(event.target.name)) return;
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  update();
}

  // The admin loads its form's scripts in the page's head, before the form exists.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
