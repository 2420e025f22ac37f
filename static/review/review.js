// The candidate page: renders a candidate from its JSON, labels from the keyboard and swaps to the next
// candidate from prefetched data (data, context and cutout images), so the expert never waits on the network.
(function () {
  "use strict";

  const main = document.getElementById("review");
  const PLACEHOLDER_MATCH = "1234567890123";
  const PLACEHOLDER_EPOCH = "987654321";

  const state = {
    page: null,
    selected: null,
    shownAt: performance.now(),
    upcoming: [], // page data of the next candidates, in queue order
    refillsAsked: 0, // refills of `upcoming` asked for, and the latest whose answer was applied
    refillsApplied: 0,
    done: new Set(), // MatchIDs left behind in this session: never served again by prefetch
    history: [], // MatchIDs shown before, for "p"; going back (p, undo) takes them off
    statusOf: null, // the MatchID the status line speaks of, if it speaks of the candidate shown
    contexts: new Map(), // context URL -> promise of context data
    contextData: new Map(), // context URL -> context data, once it arrived (drawn at once from then on)
    planes: { madmag: null, cmd: null }, // the context planes the field plots show now
    sources: {},
    ranges: {},
    figures: {}, // plot name -> Bokeh figure, for axis labels that name the filters
    blankAxes: {}, // plot name -> its axis labels as the server drew it empty, naming no filter
    requests: Promise.resolve(), // writes run one after another, in key-press order
    keepImages: [],
    reasons: new Set(),
  };

  // Resolved once the light curve's figure has painted (`data-drawn` waits for it), once every figure has
  // (`data-context-drawn` waits for it), and once the page's first candidate is drawn (start() then asks for
  // what could wait).
  const painted = {};
  state.lightCurveDrawn = new Promise((resolve) => { painted.lightCurve = resolve; });
  state.figuresRendered = new Promise((resolve) => { painted.all = resolve; });
  const firstCandidateDrawn = new Promise((resolve) => { painted.firstCandidate = resolve; });

  const $ = (selector) => main.querySelector(selector);
  const readJson = (id) => JSON.parse(document.getElementById(id).textContent);
  const url = (template, match, epoch) =>
    template.replace(PLACEHOLDER_MATCH, match).replace(PLACEHOLDER_EPOCH, epoch === undefined ? "" : epoch);
  const fmt = (value, digits) => (value === null || value === undefined ? "–" : Number(value).toFixed(digits));

  function setStatus(message, isError) {
    const status = document.getElementById("status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
    state.statusOf = null;
  }

  // A status about the candidate shown ("undid your last label", an epoch restored): cleared when the
  // expert moves on to another candidate, where it would read as being about that one.
  function setCandidateStatus(message) {
    setStatus(message);
    state.statusOf = state.page.match_id;
  }

  async function request(method, target, body) {
    const response = await fetch(target, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": main.dataset.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || `${response.status} ${response.statusText}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // Writes are queued so that, e.g., an undo right after a label reaches the server after that label.
  function enqueue(task) {
    const run = state.requests.then(task);
    state.requests = run.catch(() => undefined);
    return run;
  }

  // ---- Bokeh ------------------------------------------------------------------------------------
  // The page is drawn before BokehJS is even evaluated (the last deferred script): header, table and cutouts
  // first, so their images load and decode while the library evaluates. Then the figures' documents are built
  // and given the candidate's data before their views are rendered, so each plot is drawn once, with its data
  // (embedding them empty and filling them afterwards drew every plot twice); the light curve first, then the
  // four field plots under it one after another in the following frames, so they never hold the light curve
  // back. Later candidates only change the data.
  function bokehLoaded() {
    if (window.Bokeh) return Promise.resolve();
    // DOMContentLoaded comes after every deferred script has run, BokehJS included
    return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
  }

  function buildFigures() {
    const { Document } = Bokeh.require("document"); // a Document registers itself in Bokeh.documents
    const docs = Object.entries(readJson("figures-data")).map(([target, item]) => [target, Document.from_json(item.doc)]);
    const byName = (name) => {
      for (const [, doc] of docs) {
        const model = doc.get_model_by_name(name);
        if (model) return model;
      }
      return null;
    };
    for (const name of ["lc_source", "phase_source", "periodogram_source", "periodogram_level", "madmag_cloud",
      "madmag_cands", "madmag_threshold", "madmag_this", "cmd_cloud", "cmd_cands", "cmd_this"]) {
      state.sources[name] = byName(name);
    }
    for (const plot of ["lc", "phase", "periodogram", "madmag", "cmd"]) {
      state.ranges[plot] = { x: byName(`${plot}_x`), y: byName(`${plot}_y`) };
      state.figures[plot] = byName(plot);
      const figure = state.figures[plot];
      if (figure) state.blankAxes[plot] = { x: figure.below[0].axis_label, y: figure.left[0].axis_label };
    }
    return docs;
  }

  // Resolves once the document's views exist and have painted it (BokehJS paints in an animation frame, then
  // says the document is idle).
  async function embed([target, doc]) {
    const idle = new Promise((resolve) => doc.idle.connect(resolve));
    await Bokeh.embed.add_document_standalone(doc, document.getElementById(target));
    if (!doc.is_idle) await idle;
  }

  // A task after the next frame is painted (a plain task while the tab is hidden: it paints no frames).
  function nextFrame() {
    return new Promise((resolve) => {
      if (document.hidden) setTimeout(resolve, 0);
      else requestAnimationFrame(() => setTimeout(resolve, 0));
    });
  }

  async function renderFigures(docs) {
    const lightCurve = docs.find(([target]) => target === "plot-lc");
    await embed(lightCurve);
    painted.lightCurve();
    for (const doc of docs.filter((other) => other !== lightCurve)) {
      await nextFrame();
      await embed(doc);
    }
    painted.all();
  }

  function setRange(plot, axis, bounds) {
    const range = state.ranges[plot][axis];
    if (!range || !bounds) return;
    range.setv({ start: bounds[0], end: bounds[1], reset_start: bounds[0], reset_end: bounds[1] });
  }

  function setSource(name, columns) {
    state.sources[name].data = columns;
  }

  function setAxisLabels(plot, x, y) {
    const figure = state.figures[plot];
    if (!figure) return;
    if (figure.below[0].axis_label !== x) figure.below[0].axis_label = x;
    if (figure.left[0].axis_label !== y) figure.left[0].axis_label = y;
  }

  function blankAxisLabels(plot) {
    const blank = state.blankAxes[plot];
    if (blank) setAxisLabels(plot, blank.x, blank.y);
  }

  // ---- rendering --------------------------------------------------------------------------------
  function field(name, text) {
    for (const el of main.querySelectorAll(`[data-field="${name}"]`)) el.textContent = text;
  }

  function renderHeader(page) {
    const h = page.header;
    field("match_id", page.match_id);
    field("target", h.target);
    field("group_id", h.group_id);
    field("sub_group_id", h.sub_group_id);
    field("ra_deg", fmt(h.ra_deg, 6));
    field("dec_deg", fmt(h.dec_deg, 6));
    field("ra_hms", h.ra_hms);
    field("dec_dms", h.dec_dms);
    field("auto_class", `${h.auto_class} (${h.auto_class_name})`);
    field("catalogue_class", h.catalogue_class === null ? page.hidden_because || "hidden" : `${h.catalogue_class} (${h.catalogue_class_name})`);
    field("num_filters", h.num_filters);
    field("queue", page.queue ? `${page.queue.position} of ${page.queue.total}` : "not in this queue");
    const label = main.querySelector('[data-field="label"]');
    label.textContent = page.label ? `Your label: ${page.label.expert_class} (${page.label.name})` : "";
    label.style.borderColor = page.label ? page.label.colour : "transparent";
    document.title = `${page.match_id} · review · hcvvet`;
  }

  function cell(text, title) {
    const td = document.createElement("td");
    td.textContent = text;
    if (title) td.title = title;
    return td;
  }

  // A statistics cell: the catalogue's value and, after a rejection, "→ the value without the rejected epochs".
  function statCell(role, catalogue, recomputed, rejected, title) {
    const td = cell(rejected ? `${catalogue} → ${recomputed}` : catalogue, title);
    td.dataset.role = role;
    return td;
  }

  function pointsCell(f) {
    const td = cell(`${f.num_lc}`, "NumLC: the catalogue's number of points");
    td.dataset.role = "points";
    if (f.incomplete) {
      const note = document.createElement("span");
      note.className = "sub incomplete";
      note.textContent = `${f.stored} stored: incomplete light curve`;
      td.append(note);
    }
    if (f.rejected) {
      const note = document.createElement("span");
      note.className = "sub";
      note.textContent = `${f.rejected} rejected, ${f.kept} kept`;
      td.append(note);
    }
    return td;
  }

  function renderFilters(page) {
    const body = document.getElementById("filter-rows");
    const rows = page.filters.map((f) => {
      const tr = document.createElement("tr");
      tr.dataset.filter = f.filter;
      const name = cell(f.filter);
      name.classList.add("swatch");
      name.style.setProperty("--swatch", f.colour);
      const rejected = f.rejected > 0;
      const ratio = (value) => (value === null ? "–" : `${fmt(value, 2)}×`);
      tr.append(name, pointsCell(f), cell(fmt(f.mean_corr_mag, 3)));
      tr.append(statCell("mad", fmt(f.mad, 4), fmt(f.vetted_mad, 4), rejected,
        "catalogue MAD → MAD without the rejected epochs"));
      tr.append(statCell("ratio", ratio(f.mad_over_threshold), ratio(f.vetted_mad_over_threshold), rejected,
        f.threshold === null ? "no threshold curve for this group and filter"
          : `threshold ${fmt(f.threshold, 4)} mag${f.threshold_source ? ` (${f.threshold_source})` : ""}; catalogue MAD → MAD without the rejected epochs, over it`));
      tr.append(statCell("chi2", fmt(f.chi2, 2), fmt(f.vetted_chi2, 2), rejected,
        "catalogue Chi2 → Chi2 without the rejected epochs"));
      tr.append(cell(f.filter_det_flag));
      const flags = document.createElement("td");
      flags.className = "qual";
      for (const letter of f.quality) {
        const span = document.createElement("span");
        span.textContent = letter.letter;
        span.title = letter.title;
        span.className = `grade-${letter.letter === "-" ? "none" : letter.letter}`;
        flags.append(span);
      }
      tr.append(flags);
      return tr;
    });
    body.replaceChildren(...rows);
  }

  function renderNotes(page) {
    const list = document.getElementById("notes");
    list.replaceChildren(...page.notes.map((note) => {
      const li = document.createElement("li");
      li.dataset.kind = note.kind;
      li.textContent = note.text;
      return li;
    }));
  }

  // Per outlier epoch: how many of the other sources on its image jump the same way (the fraction tells a bad
  // image), and the strongest of them.
  // The triage model's prediction, when the campaign's setting and the blind rules let the server send it.
  function renderModel(page) {
    const panel = document.getElementById("model-panel");
    if (!panel) return; // the dispute page shares this script and has no model panel
    const prediction = page.model ? page.model.prediction : null;
    panel.hidden = prediction === null;
    panel.dataset.modelVersion = prediction ? prediction.model : "";
    if (!prediction) return;
    const field = (name) => panel.querySelector(`[data-model="${name}"]`);
    field("version").textContent = `(version ${prediction.model})`;
    field("class").textContent = `Says ${classInWords(prediction.model_class)}`;
    field("probabilities").replaceChildren(...Object.entries(prediction.probabilities).map(([code, p]) => {
      const item = document.createElement("li");
      item.dataset.class = code;
      item.dataset.probability = String(p);
      item.textContent = `P(${code}) = ${fmt(p, 2)}`;
      return item;
    }));
    field("reasons").replaceChildren(...prediction.reasons.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
    const epoch = prediction.suspicious_epoch;
    field("epoch").textContent = epoch.index === null || epoch.index === undefined
      ? ""
      : `Most suspicious epoch: ${page.epochs[epoch.index].image} (MJD ${fmt(epoch.mjd, 4)}, ${epoch.filter}); ` +
        "m selects it for rejection";
  }

  // What the page displayed of the model: sent with the label, and checked by the server.
  function modelShown(page) {
    const prediction = page.model ? page.model.prediction : null;
    return prediction ? { model: prediction.model, probabilities: prediction.probabilities } : null;
  }

  function showModelAfter(matchId, prediction) {
    const line = document.getElementById("model-after");
    if (!line) return;
    line.hidden = !prediction;
    if (!prediction) return;
    line.dataset.matchId = matchId;
    line.dataset.modelVersion = prediction.model;
    line.textContent = `${matchId}: the model (version ${prediction.model}) said ${classInWords(prediction.model_class)}, ` +
      `P(4) = ${fmt(prediction.probabilities["4"], 2)}`;
  }

  function selectModelEpoch() {
    const prediction = state.page.model ? state.page.model.prediction : null;
    const index = prediction ? prediction.suspicious_epoch.index : null;
    if (index === null || index === undefined) {
      setStatus("the model names no epoch of this candidate");
      return;
    }
    selectEpoch(index);
    openReject();
  }

  function renderSameImages(page) {
    const list = document.getElementById("same-images");
    if (!page.same_images.length) {
      const li = document.createElement("li");
      li.textContent = "no outlier epochs";
      list.replaceChildren(li);
      return;
    }
    list.replaceChildren(...page.same_images.map((image) => {
      const li = document.createElement("li");
      li.dataset.image = image.image;
      const share = image.fraction === null ? "" : ` (${fmt(100 * image.fraction, 1)} %)`;
      li.append(image.sources
        ? `${image.image} (${image.direction}): ${image.jumping} of ${image.sources} other sources on it jump the same way${share}`
        : `${image.image} (${image.direction}): no other source with a light curve on it`);
      image.listed.forEach((other, n) => {
        const link = document.createElement("a");
        link.href = other.url;
        link.textContent = other.match_id;
        li.append(n === 0 ? ": " : ", ", link, ` ${fmt(other.sigmas, 1)}σ`);
      });
      return li;
    }));
  }

  // "1 (high-confidence variable)", the name as the label buttons give it.
  function classInWords(code) {
    const button = main.querySelector(`.label-btn[data-class="${code}"]`);
    const name = button ? button.textContent.replace(/^\s*\d+\s*/, "").trim() : "";
    return name ? `${code} (${name})` : `${code}`;
  }

  function consensusInWords(c) {
    const votes = `${c.votes} of ${c.needed} ${c.needed === 1 ? "vote" : "votes"} in`;
    const decided = c.expert_class === null ? "" : classInWords(c.expert_class);
    if (c.state === "agreed") return `Consensus reached: ${decided}; ${votes}`;
    if (c.state === "adjudicated") return `Decided by a curator: ${decided}`;
    if (c.state === "disputed") return `The experts disagree: a curator will decide (${votes})`;
    return `Collecting votes: ${votes}, no consensus yet`;
  }

  // Other experts' votes and the consensus: the server leaves them out (null) while blind review hides them,
  // and says why (`hidden_because`: which blind campaign waits for the expert's vote).
  function renderVotes(page) {
    const box = document.getElementById("votes");
    const votes = page.votes || { others: null, consensus: null };
    if (votes.others === null && votes.consensus === null) {
      const note = document.createElement("span");
      note.className = "hidden-note";
      note.textContent = `Other experts' labels and the consensus: ${page.hidden_because || "hidden"}`;
      box.replaceChildren(note);
      return;
    }
    const parts = [];
    if (votes.consensus) {
      const c = votes.consensus;
      const line = document.createElement("div");
      line.dataset.role = "consensus";
      line.textContent = consensusInWords(c);
      parts.push(line);
    }
    if (votes.others) {
      const line = document.createElement("div");
      line.dataset.role = "others";
      line.textContent = votes.others.length
        ? "Others: " + votes.others.map((o) => `${o.expert} ${o.skipped ? "skipped" : `${o.expert_class} (${o.name})`}` +
          (o.reasons.length ? ` [${o.reasons.join(", ")}]` : "") + (o.comment ? ` “${o.comment}”` : "")).join(" · ")
        : "Others: no other votes yet";
      parts.push(line);
    }
    box.replaceChildren(...parts);
  }

  function cutoutFigure(epoch, role, isSelected) {
    const figure = document.createElement("figure");
    figure.className = "cutout" + (isSelected ? " selected" : "");
    figure.dataset.image = epoch.image;
    const pair = document.createElement("div");
    pair.className = "pair";
    for (const [key, label] of [["inner", "19 px"], ["outer", "101 px"]]) {
      const frame = document.createElement("div");
      frame.className = `frame ${key}`;
      if (epoch[key]) {
        const img = document.createElement("img");
        img.src = epoch[key];
        img.alt = `${label} cutout of ${epoch.image}`;
        frame.append(img);
        if (key === "outer") {
          const box = document.createElement("span");
          box.className = "inner-box";
          frame.append(box);
        }
      } else {
        frame.classList.add("missing");
        frame.textContent = `no ${label} cutout yet`;
      }
      pair.append(frame);
    }
    const caption = document.createElement("figcaption");
    caption.innerHTML = "";
    const strong = document.createElement("strong");
    strong.textContent = role;
    caption.append(strong, document.createElement("br"), epoch.image, document.createElement("br"),
      `MJD ${fmt(epoch.mjd, 4)} · ${fmt(epoch.mag, 3)} mag${epoch.rejected ? " · rejected" : ""}${epoch.image_flagged ? " · image flagged" : ""}`);
    figure.append(pair, caption);
    return figure;
  }

  // The highlighted epochs grouped by filter, in the page's filter order; a role loses its filter prefix, which
  // the group's heading already names ("ACS_F475W brightest" -> "brightest").
  function highlightGroups(page) {
    const groups = new Map();
    for (const h of page.highlights) {
      const band = page.epochs[h.epoch].filter;
      if (!groups.has(band)) groups.set(band, []);
      const role = h.role.startsWith(`${band} `) ? h.role.slice(band.length + 1) : h.role;
      groups.get(band).push(cutoutFigure(page.epochs[h.epoch], role, h.epoch === state.selected));
    }
    const colours = new Map(page.filters.map((f) => [f.filter, f.colour]));
    return [...groups].map(([band, figures]) => {
      const group = document.createElement("section");
      group.className = "filter-group";
      group.setAttribute("aria-label", `${band} cutouts`);
      group.style.setProperty("--swatch", colours.get(band) || "transparent");
      const heading = document.createElement("h2");
      heading.textContent = band;
      const row = document.createElement("div");
      row.className = "cutouts";
      row.append(...figures);
      group.append(heading, row);
      return group;
    });
  }

  function renderStrip() {
    const page = state.page;
    const strip = document.getElementById("strip");
    if (state.selected === null) {
      strip.replaceChildren();
      return;
    }
    const epoch = page.epochs[state.selected];
    const selected = cutoutFigure(epoch, `selected (${state.selected + 1}/${page.epochs.length}) · ${epoch.filter}`, true);
    selected.classList.add("hero");
    const groups = document.createElement("div");
    groups.className = "filter-groups";
    groups.append(...highlightGroups(page));
    strip.replaceChildren(selected, groups);
    strip.dataset.selectedImage = epoch.image;
    if (canFlag) {
      document.getElementById("flag-label").textContent = epoch.image_flagged ? "unflag image" : "flag image";
    }
  }

  function selectEpoch(index) {
    const page = state.page;
    if (!page || !page.epochs.length) return;
    const clamped = Math.max(0, Math.min(page.epochs.length - 1, index));
    const lightCurve = state.sources.lc_source; // none before BokehJS: start() selects the epoch on it then
    if (clamped === state.selected && (!lightCurve || lightCurve.selected.indices[0] === clamped)) return;
    state.selected = clamped;
    if (lightCurve) {
      const selection = lightCurve.selected;
      if (selection.indices.length !== 1 || selection.indices[0] !== clamped) selection.indices = [clamped];
    }
    renderStrip();
    showContextFilter(page.epochs[clamped].filter);
  }

  // `data-drawn` names the candidate once what the expert decides on is on screen: its header, notes and
  // statistics table (MAD over the threshold), its light curve painted with its data, and its strip's cutout
  // images decoded. `data-context-drawn` names it once the four field plots (phase fold, periodogram,
  // MAD-magnitude and colour-magnitude) show it too. Tests and the benchmarks wait on them.
  async function markDrawn(page) {
    const images = [...document.querySelectorAll("#strip img")];
    await Promise.all([state.lightCurveDrawn, ...images.map((img) => img.decode().catch(() => undefined))]);
    if (state.page !== page) return;
    main.dataset.drawn = page.match_id;
    painted.firstCandidate();
  }

  async function markContextDrawn(page) {
    await state.figuresRendered;
    if (state.page === page) main.dataset.contextDrawn = page.match_id;
  }

  const NO_CONTEXT = { madmag: {}, cmd: null }; // no filter row: no field plots

  async function contextFor(page) {
    if (!page.context_url) return NO_CONTEXT;
    if (!state.contexts.has(page.context_url)) {
      state.contexts.set(page.context_url, fetch(page.context_url, { credentials: "same-origin" })
        .then((r) => { if (!r.ok) throw new Error(`context ${r.status}`); return r.json(); })
        .then((context) => { state.contextData.set(page.context_url, context); return context; }));
    }
    return state.contexts.get(page.context_url);
  }

  // The field plots in `filter`: at once when the field's context is here (a candidate of a field seen
  // before, or prefetched), else once it arrives; unless `fetch` is false (the page's first candidate, whose
  // context start() fetches once the candidate is drawn).
  function showContextFilter(filter, { fetch = true } = {}) {
    if (!state.sources.madmag_cloud) return; // before BokehJS: start() shows the field plots then
    const page = state.page;
    const context = page.context_url ? state.contextData.get(page.context_url) : NO_CONTEXT;
    if (context) {
      drawContext(page, context, filter);
      return;
    }
    if (!fetch) return;
    contextFor(page).then((arrived) => {
      if (state.page === page) drawContext(page, arrived, filter);
    }).catch((error) => setStatus(`context plots unavailable: ${error.message}`, true));
  }

  // A plane's cloud of up to 3,000 points is given to its plot only when the plot shows another plane: the
  // next candidate of the same field moves only its own star. A candidate without a field (NO_CONTEXT) empties
  // the field plots, or they would go on showing the field and the star of the candidate before it.
  function drawContext(page, context, filter) {
    const band = context.madmag[filter] ? filter : Object.keys(context.madmag)[0];
    const plane = context.madmag[band];
    document.getElementById("plot-madmag").closest("figure").classList.toggle("empty", !plane);
    if (plane) {
      if (state.planes.madmag !== plane) {
        setSource("madmag_cloud", plane.cloud);
        setSource("madmag_cands", plane.cands);
        setSource("madmag_threshold", plane.threshold);
        setAxisLabels("madmag", `${band} MeanCorrMag (mag)`, `${band} MAD (mag)`);
        state.planes.madmag = plane;
      }
      const me = page.this_point[band];
      setSource("madmag_this", me && me.x !== null && me.y !== null ? { x: [me.x], y: [me.y] } : { x: [], y: [] });
      setRange("madmag", "x", plane.x_range);
      setRange("madmag", "y", plane.y_range);
      document.getElementById("madmag-caption").textContent =
        `MAD vs magnitude: group ${context.group_id}, ${band} (${plane.count} objects; threshold in vermillion: ${plane.threshold_source || "none"})`;
    } else {
      for (const name of ["madmag_cloud", "madmag_cands", "madmag_threshold", "madmag_this"]) {
        setSource(name, { x: [], y: [] });
      }
      blankAxisLabels("madmag");
      state.planes.madmag = null;
      document.getElementById("madmag-caption").textContent = "MAD vs magnitude: no filter rows, no field to place it in";
    }
    renderColourMagnitude(page, context);
    markContextDrawn(page);
  }

  function renderColourMagnitude(page, context) {
    const cmd = context.cmd;
    const panel = document.getElementById("plot-cmd").closest("figure");
    panel.classList.toggle("empty", !cmd);
    if (!cmd) {
      document.getElementById("cmd-caption").textContent = "Colour-magnitude diagram: needs two filters";
      setSource("cmd_cloud", { x: [], y: [] });
      setSource("cmd_cands", { x: [], y: [] });
      setSource("cmd_this", { x: [], y: [] });
      blankAxisLabels("cmd");
      state.planes.cmd = null;
      return;
    }
    if (state.planes.cmd !== cmd) {
      setSource("cmd_cloud", cmd.cloud);
      setSource("cmd_cands", cmd.cands);
      state.planes.cmd = cmd;
    }
    const blue = page.this_point[cmd.blue], red = page.this_point[cmd.red];
    setSource("cmd_this", blue && red && blue.x !== null && red.x !== null
      ? { x: [blue.x - red.x], y: [blue.x] } : { x: [], y: [] });
    setRange("cmd", "x", cmd.x_range);
    setRange("cmd", "y", cmd.y_range);
    setAxisLabels("cmd", `${cmd.blue} − ${cmd.red} (mag)`, `${cmd.blue} MeanCorrMag (mag)`);
    document.getElementById("cmd-caption").textContent = `Colour-magnitude: ${cmd.blue} against ${cmd.blue} − ${cmd.red}`;
  }

  // The fold only when the search justifies it; otherwise the caption says why. The periodogram beside it.
  function renderPeriod(page) {
    const period = page.period;
    const searched = period.min_period_days === null
      ? "" : ` (${period.filter}, ${period.visits} visits, periods ${fmt(period.min_period_days, 3)}–${fmt(period.max_period_days, 3)} d)`;
    const phase = document.getElementById("phase-caption");
    phase.textContent = period.fold
      ? `Folded at P = ${fmt(period.period_days, 5)} d (Lomb-Scargle on ${period.filter}, FAP ${period.fap})`
      : `No fold: ${period.reason}`;
    phase.closest("figure").classList.toggle("empty", !period.fold);
    const caption = document.getElementById("periodogram-caption");
    caption.textContent = period.min_period_days === null
      ? `Periodogram: none, ${period.reason}`
      : `Periodogram${searched}; dashed: FAP ${period.fap_max}`;
    caption.closest("figure").classList.toggle("empty", period.min_period_days === null);
  }

  // The candidate's own plots (none before BokehJS: start() calls this again once the figures exist).
  function renderPlots(page) {
    if (!state.sources.lc_source) return;
    setSource("lc_source", page.lc);
    setRange("lc", "x", page.lc_range.x);
    setRange("lc", "y", page.lc_range.y);
    setSource("phase_source", page.phase);
    setRange("phase", "x", [0, 2]);
    setRange("phase", "y", page.lc_range.y);
    setSource("periodogram_source", page.periodogram.curve);
    setSource("periodogram_level", page.periodogram.level);
    setRange("periodogram", "x", page.periodogram.x_range);
    setRange("periodogram", "y", page.periodogram.y_range);
    state.sources.lc_source.selected.indices = [];
  }

  function render(page, { keepEpoch = false } = {}) {
    const previousSelected = state.selected;
    state.page = page;
    main.dataset.matchId = page.match_id;
    renderHeader(page);
    renderNotes(page);
    renderFilters(page);
    renderSameImages(page);
    renderVotes(page);
    renderModel(page);
    main.dispatchEvent(new CustomEvent("hcvvet:candidate", { detail: page })); // cutouts.js: strip tools, links
    renderPlots(page);
    renderPeriod(page);
    state.selected = null;
    const wanted = keepEpoch && previousSelected !== null ? previousSelected : page.selected;
    if (wanted !== null) {
      selectEpoch(wanted);
    } else {
      renderStrip();
      showContextFilter(null);
    }
    document.getElementById("comment").value = page.label ? page.label.comment : "";
    state.reasons = new Set(page.label ? page.label.reasons : []);
    renderReasons();
    state.shownAt = performance.now();
    markDrawn(page);
  }

  // ---- navigation and prefetch -------------------------------------------------------------------
  function preload(page) {
    contextFor(page).catch(() => undefined);
    const wanted = new Set([page.selected, ...page.highlights.map((h) => h.epoch)]);
    for (const index of wanted) {
      const epoch = page.epochs[index];
      if (!epoch) continue;
      for (const src of [epoch.inner, epoch.outer]) {
        if (!src) continue;
        const img = new Image();
        img.src = src;
        state.keepImages.push(img);
      }
    }
    state.keepImages = state.keepImages.slice(-200);
  }

  // An answer that comes after the expert moved on (keys pressed faster than the server answers) is still
  // used: it lists the candidates after the one now shown, in queue order. Dropping it let the prefetched
  // candidates run out, and the next key press then waited for a label and a refill on the server.
  async function refillUpcoming() {
    const asked = ++state.refillsAsked;
    await state.requests; // the server must have our labels before it picks what comes next
    const after = state.page.match_id;
    const known = new Map(state.upcoming.map((p) => [p.match_id, p]));
    const have = [...known.keys()].join(",");
    const data = await request("POST", `${main.dataset.upcomingUrl}?after=${encodeURIComponent(after)}&have=${have}`);
    if (asked < state.refillsApplied) return; // a later answer is already in
    state.refillsApplied = asked;
    const items = data.items.map((item) => (item.cached ? known.get(item.match_id) : item));
    const shown = items.findIndex((p) => p && p.match_id === state.page.match_id);
    state.upcoming = items.slice(shown + 1).filter((p) => p && !state.done.has(p.match_id));
    data.items.filter((item) => !item.cached).forEach(preload);
  }

  // `back`: the expert goes back to `page` (p, undo); the history then loses it and what followed it, so the
  // next "p" goes further back, never forward to the candidate left.
  function show(page, { push = true, keepEpoch = false, back = false } = {}) {
    const moving = state.page && state.page.match_id !== page.match_id;
    if (back) {
      const at = state.history.lastIndexOf(page.match_id);
      if (at >= 0) state.history.length = at;
    } else if (moving) {
      state.history.push(state.page.match_id);
    }
    if (moving && state.statusOf !== null) setStatus("");
    state.done.delete(page.match_id);
    render(page, { keepEpoch });
    if (push) history.pushState({ matchId: page.match_id }, "", page.url);
    refillUpcoming().catch((error) => setStatus(`could not prefetch: ${error.message}`, true));
  }

  async function loadCandidate(matchId, options) {
    const page = await request("GET", url(main.dataset.candidateJsonTemplate, matchId));
    show(page, options);
  }

  function takeUpcoming() {
    const current = state.page.match_id;
    while (state.upcoming.length) {
      const page = state.upcoming.shift();
      if (page.match_id !== current && !state.done.has(page.match_id)) return page;
    }
    return null;
  }

  // Moves to the next candidate of the queue; `current` is left behind (labelled, skipped or passed over).
  async function advance() {
    state.done.add(state.page.match_id);
    let next = takeUpcoming();
    if (!next) {
      await refillUpcoming();
      next = takeUpcoming();
    }
    if (!next) {
      await state.requests;
      window.location.assign(`/review/${main.dataset.campaignId}/`);
      return;
    }
    show(next);
  }

  function secondsSpent() {
    return Math.round((performance.now() - state.shownAt) / 100) / 10;
  }

  function submitLabel(expertClass) {
    const page = state.page;
    const body = {
      expert_class: expertClass,
      reasons: [...state.reasons],
      comment: document.getElementById("comment").value,
      seconds_spent: secondsSpent(),
      shown: modelShown(page),
    };
    enqueue(() => request("POST", url(main.dataset.labelUrlTemplate, page.match_id), body))
      .then((data) => {
        setStatus(`${page.match_id} labelled ${expertClass}`);
        showModelAfter(page.match_id, data.shown === "after" ? data.model_after : null);
      })
      .catch((error) => setStatus(`label of ${page.match_id} NOT saved: ${error.message}`, true));
    advance().catch((error) => setStatus(error.message, true));
  }

  function skip() {
    const page = state.page;
    enqueue(() => request("POST", url(main.dataset.skipUrlTemplate, page.match_id), { seconds_spent: secondsSpent() }))
      .then(() => setStatus(`${page.match_id} skipped`))
      .catch((error) => setStatus(`skip of ${page.match_id} NOT saved: ${error.message}`, true));
    advance().catch((error) => setStatus(error.message, true));
  }

  function undo() {
    enqueue(() => request("POST", main.dataset.undoUrl, {}))
      .then((data) => {
        show(data.page, { back: true });
        setCandidateStatus(`undid your last label of ${data.page.match_id}`);
      })
      .catch((error) => setStatus(`undo: ${error.message}`, true));
  }

  function previous() {
    const matchId = state.history[state.history.length - 1];
    if (matchId === undefined) {
      setStatus("no previous candidate in this session");
      return;
    }
    const page = state.page;
    loadCandidate(matchId, { back: true }).then(() => {
      state.upcoming.unshift(page);
    }).catch((error) => setStatus(error.message, true));
  }

  // "x" on a rejected epoch restores it: the dialog then says so, and asks no reason.
  function openReject() {
    if (state.selected === null) return;
    const epoch = state.page.epochs[state.selected];
    const restoring = epoch.rejected;
    const dialog = document.getElementById("reject-dialog");
    dialog.setAttribute("aria-label", `${restoring ? "Restore" : "Reject"} the selected epoch`);
    document.getElementById("reject-verb").textContent = restoring ? "Restore" : "Reject";
    document.getElementById("reject-epoch").textContent = `${epoch.image} (MJD ${fmt(epoch.mjd, 4)})`;
    document.getElementById("reject-reason-label").hidden = restoring;
    const confirm = document.getElementById("reject-confirm");
    confirm.textContent = restoring ? "Restore (Enter)" : "Reject (Enter)";
    dialog.returnValue = "";
    dialog.showModal();
    (restoring ? confirm : document.getElementById("reject-reason")).focus();
  }

  // A confirmed epoch dialog: post its reason for the selected epoch, then show the page the server returns
  // (unless the expert has moved on to another candidate meanwhile).
  function submitEpochDialog({ dialog, reason, template, done, failure, onReply = () => {} }) {
    if (document.getElementById(dialog).returnValue !== "confirm") return;
    const page = state.page;
    const epoch = page.epochs[state.selected];
    const body = { reason: document.getElementById(reason).value };
    enqueue(() => request("POST", url(template(epoch), page.match_id, epoch.id), body))
      .then((data) => {
        onReply();
        if (state.page.match_id !== page.match_id) return;
        render(data.page, { keepEpoch: true });
        setCandidateStatus(`${done(epoch)}; statistics recomputed`);
      })
      .catch((error) => setStatus(`${failure}: ${error.message}`, true));
  }

  function onRejectClosed() {
    submitEpochDialog({
      dialog: "reject-dialog",
      reason: "reject-reason",
      template: (epoch) => (epoch.rejected ? main.dataset.restoreUrlTemplate : main.dataset.rejectUrlTemplate),
      done: (epoch) => `${epoch.rejected ? "restored" : "rejected"} ${epoch.image}`,
      failure: "epoch not changed",
    });
  }

  const canFlag = main.dataset.canFlagImages === "true";

  function openFlag() {
    if (!canFlag || state.selected === null) return;
    const epoch = state.page.epochs[state.selected];
    const dialog = document.getElementById("flag-dialog");
    document.getElementById("flag-verb").textContent = epoch.image_flagged ? "Unflag" : "Flag";
    document.getElementById("flag-image").textContent = epoch.image;
    document.getElementById("flag-reason-label").hidden = epoch.image_flagged;
    dialog.returnValue = "";
    dialog.showModal();
    if (!epoch.image_flagged) document.getElementById("flag-reason").focus();
  }

  function onFlagClosed() {
    submitEpochDialog({
      dialog: "flag-dialog",
      reason: "flag-reason",
      template: (epoch) => (epoch.image_flagged ? main.dataset.unflagUrlTemplate : main.dataset.flagUrlTemplate),
      done: (epoch) => `${epoch.image_flagged ? "unflagged" : "flagged"} image ${epoch.image}`,
      failure: "image not changed",
      onReply: () => {
        document.getElementById("flag-reason").value = "";
        state.upcoming = []; // their statistics may have changed with the image
      },
    });
  }

  function renderReasons() {
    const boxes = document.querySelectorAll('#reasons-dialog input[name="reason"]');
    const names = [];
    for (const box of boxes) {
      box.checked = state.reasons.has(box.value);
      if (box.checked) names.push(box.parentElement.textContent.replace(/^\s*\d\s*/, "").trim());
    }
    document.getElementById("reasons-chosen").textContent = names.length ? names.join(", ") : "none";
  }

  function onReasonsKey(event) {
    const boxes = [...document.querySelectorAll('#reasons-dialog input[name="reason"]')];
    const index = Number.parseInt(event.key, 10) - 1;
    if (index >= 0 && index < boxes.length) {
      event.preventDefault();
      boxes[index].checked = !boxes[index].checked;
      boxes[index].dispatchEvent(new Event("change", { bubbles: true }));
    } else if (event.key === "Enter") {
      event.preventDefault();
      document.getElementById("reasons-dialog").close();
    }
  }

  function toggleDialog(id) {
    const dialog = document.getElementById(id);
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  const KEYS = {
    1: () => submitLabel(1),
    2: () => submitLabel(2),
    4: () => submitLabel(4),
    s: skip,
    u: undo,
    n: () => advance().catch((error) => setStatus(error.message, true)),
    p: previous,
    ArrowLeft: () => selectEpoch(state.selected - 1),
    ArrowRight: () => selectEpoch(state.selected + 1),
    x: openReject,
    m: selectModelEpoch,
    f: openFlag,
    r: () => toggleDialog("reasons-dialog"),
    c: () => document.getElementById("comment").focus(),
    "?": () => toggleDialog("keymap"),
  };

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (document.querySelector("dialog[open]")) {
      const reject = document.getElementById("reject-dialog");
      const flag = document.getElementById("flag-dialog");
      if (document.getElementById("reasons-dialog").open) onReasonsKey(event);
      else if (reject.open && event.key === "Enter") {
        event.preventDefault(); // Enter on the reason list confirms, as the dialog says
        reject.close("confirm");
      } else if (flag && flag.open && event.key === "Enter") {
        event.preventDefault();
        flag.close("confirm");
      }
      return;
    }
    if (target.matches("textarea, input, select")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const action = KEYS[event.key];
    if (!action || !state.page) return;
    event.preventDefault();
    action();
  }

  function onClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const actions = {
      label: () => submitLabel(Number(button.dataset.class)),
      skip,
      undo,
      reject: openReject,
      flag: openFlag,
      help: () => toggleDialog("keymap"),
    };
    actions[button.dataset.action]();
    button.blur();
  }

  async function start() {
    const page = readJson("page-data");
    const context = readJson("context-data"); // null when the server had not computed it yet
    if (page.context_url && context) {
      state.contexts.set(page.context_url, Promise.resolve(context));
      state.contextData.set(page.context_url, context);
    }
    history.replaceState({ matchId: page.match_id }, "", page.url);
    // The first candidate alone until it is drawn: its field's context (when the server had not computed it
    // yet) and the next candidates are asked for afterwards, so the server's work on them takes no CPU from
    // drawing it.
    render(page);
    await bokehLoaded();
    const docs = buildFigures();
    renderPlots(state.page);
    const selectedFilter = () => (state.selected === null ? null : state.page.epochs[state.selected].filter);
    if (state.selected !== null) state.sources.lc_source.selected.indices = [state.selected];
    showContextFilter(selectedFilter(), { fetch: false });
    renderFigures(docs).catch((error) => {
      setStatus(`plots failed: ${error.message}`, true);
      console.error(error);
    });
    await state.lightCurveDrawn;
    document.addEventListener("keydown", onKey);
    main.addEventListener("click", onClick);
    document.getElementById("reject-dialog").addEventListener("close", onRejectClosed);
    if (canFlag) document.getElementById("flag-dialog").addEventListener("close", onFlagClosed);
    document.getElementById("reasons-dialog").addEventListener("change", (event) => {
      if (event.target.checked) state.reasons.add(event.target.value);
      else state.reasons.delete(event.target.value);
      renderReasons();
    });
    window.addEventListener("popstate", (event) => {
      if (event.state && event.state.matchId) {
        loadCandidate(event.state.matchId, { push: false }).catch((error) => setStatus(error.message, true));
      }
    });
    main.classList.add("ready");
    await firstCandidateDrawn;
    showContextFilter(selectedFilter());
    refillUpcoming().catch((error) => setStatus(`could not prefetch: ${error.message}`, true));
  }

  window.hcvReview = {
    onTap(indices) {
      if (indices.length === 1 && indices[0] !== state.selected) selectEpoch(indices[0]);
    },
    state,
  };
  start().catch((error) => {
    setStatus(`the page failed to start: ${error.message}`, true);
    console.error(error); // also where browser tests and developer tools look
  });
})();
