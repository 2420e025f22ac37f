// The cutout strip's tools on the candidate page: a scale bar in arcsec on every cutout, one stretch (linear,
// log, asinh) and contrast for the whole strip, worked on the JPEG pixels already loaded (in a canvas: nothing is
// fetched again), the cutouts' orientation in words, and links to the archives' own viewers at the candidate's
// position and for the selected image (opened by the browser in a new tab, never fetched by hcvvet's server).
// review.js announces each candidate it shows with the "hcvvet:candidate" event and draws the strip; this file
// only adds to what it drew.
(function () {
  "use strict";

  const main = document.getElementById("review");
  const strip = document.getElementById("strip");
  if (!main || !strip) return;

  const settings = { stretch: "linear", contrast: 1 };
  const originals = new WeakMap(); // img -> the ImageData of its JPEG as loaded
  let sky = null;

  // ---- stretch --------------------------------------------------------------------------------
  const STRETCHES = {
    linear: (v) => v,
    log: (v) => Math.log10(1 + 1000 * v) / Math.log10(1001),
    asinh: (v) => Math.asinh(10 * v) / Math.asinh(10),
  };

  // Grey level in (0-255) -> grey level out, for the current stretch and contrast (about mid-grey).
  function lookupTable() {
    const curve = STRETCHES[settings.stretch];
    const table = new Uint8ClampedArray(256);
    for (let i = 0; i < 256; i++) table[i] = Math.round(255 * (0.5 + (curve(i / 255) - 0.5) * settings.contrast));
    return table;
  }

  const isIdentity = () => settings.stretch === "linear" && settings.contrast === 1;

  function originalPixels(img) {
    if (!originals.has(img)) {
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(img, 0, 0);
      originals.set(img, context.getImageData(0, 0, canvas.width, canvas.height));
    }
    return originals.get(img);
  }

  function stretchImage(img, table) {
    if (!img.complete || !img.naturalWidth) return; // its load event stretches it
    if (!originals.has(img) && isIdentity()) return; // shown as loaded
    const source = originalPixels(img);
    const out = new ImageData(source.width, source.height);
    for (let i = 0; i < source.data.length; i += 4) {
      out.data[i] = table[source.data[i]];
      out.data[i + 1] = table[source.data[i + 1]];
      out.data[i + 2] = table[source.data[i + 2]];
      out.data[i + 3] = source.data[i + 3];
    }
    const canvas = document.createElement("canvas");
    canvas.width = out.width;
    canvas.height = out.height;
    canvas.getContext("2d").putImageData(out, 0, 0);
    img.dataset.stretch = `${settings.stretch} ${settings.contrast}`;
    img.src = canvas.toDataURL("image/png");
  }

  function stretchAll() {
    const table = lookupTable();
    for (const img of strip.querySelectorAll("img")) stretchImage(img, table);
  }

  // ---- decorating what review.js drew -----------------------------------------------------------
  function scaleBar(bar) {
    const element = document.createElement("span");
    element.className = "scale-bar";
    element.style.width = `${100 * bar.fraction}%`;
    element.title = `${bar.arcsec} arcsec; the cutout is ${bar.width_arcsec.toFixed(2)} arcsec wide`;
    const text = document.createElement("span");
    text.textContent = `${bar.arcsec}″`;
    element.append(text);
    return element;
  }

  function linkList(links, className, label, image) {
    const list = document.createElement("span");
    list.className = className;
    list.setAttribute("aria-label", label);
    for (const link of links) {
      const a = document.createElement("a");
      const fill = (text) => (image ? text.replaceAll(sky.image_placeholder, image) : text);
      a.href = fill(link.url);
      a.textContent = link.name;
      a.title = fill(link.title);
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      list.append(a);
    }
    return list;
  }

  function decorate() {
    if (!sky) return;
    const added = [];
    for (const figure of strip.querySelectorAll("figure.cutout[data-image]:not([data-decorated])")) {
      figure.dataset.decorated = "true";
      const image = figure.dataset.image;
      const scale = sky.pixel_scales[image];
      const bars = scale === null || scale === undefined ? null : sky.bars[String(scale)];
      for (const kind of ["inner", "outer"]) {
        const frame = figure.querySelector(`.frame.${kind}`);
        if (!frame || frame.classList.contains("missing")) continue;
        if (bars && bars[kind]) frame.append(scaleBar(bars[kind]));
        const img = frame.querySelector("img");
        if (!img) continue;
        added.push(img);
        img.addEventListener("load", () => { if (!img.src.startsWith("data:")) stretchImage(img, lookupTable()); });
      }
      if (figure.classList.contains("hero")) {
        const caption = figure.querySelector("figcaption");
        caption.append(document.createElement("br"),
          linkList(sky.image_links, "image-links", `${image} in the HLA`, encodeURIComponent(image)));
      }
    }
    if (added.length && !isIdentity()) {
      const table = lookupTable();
      for (const img of added) stretchImage(img, table);
    }
  }

  // ---- the toolbar ------------------------------------------------------------------------------
  const tools = document.createElement("div");
  tools.className = "strip-tools";
  tools.innerHTML = `
    <span class="stretch-controls" role="group" aria-label="Cutout display, for every cutout of the strip">
      <label>Stretch <select id="cutout-stretch">
        <option value="linear">linear</option><option value="log">log</option><option value="asinh">asinh</option>
      </select></label>
      <label>Contrast <input id="cutout-contrast" type="range" min="0.5" max="4" step="0.1" value="1">
        <output id="cutout-contrast-value" for="cutout-contrast">1.0</output></label>
    </span>
    <span id="cutout-orientation" class="orientation"></span>
    <span id="sky-links-slot"></span>`;
  strip.parentElement.insertBefore(tools, strip);
  const stretchSelect = tools.querySelector("#cutout-stretch");
  const contrastInput = tools.querySelector("#cutout-contrast");
  stretchSelect.addEventListener("change", () => {
    settings.stretch = stretchSelect.value;
    stretchAll();
    stretchSelect.blur(); // the keys label again at once
  });
  contrastInput.addEventListener("input", () => {
    settings.contrast = Number(contrastInput.value);
    tools.querySelector("#cutout-contrast-value").textContent = settings.contrast.toFixed(1);
    stretchAll();
  });
  contrastInput.addEventListener("change", () => contrastInput.blur());

  main.addEventListener("hcvvet:candidate", (event) => {
    sky = event.detail.sky || null;
    if (!sky) return;
    tools.querySelector("#cutout-orientation").textContent = sky.orientation;
    const slot = tools.querySelector("#sky-links-slot");
    slot.replaceChildren(linkList(sky.links, "sky-links", "This position in other archives"));
    slot.firstChild.prepend("Open this position in: ");
    decorate();
  });
  new MutationObserver(decorate).observe(strip, { childList: true, subtree: true });
})();
