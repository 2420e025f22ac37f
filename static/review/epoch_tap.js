// A tap on a point of the light curve selects that epoch (the cutout strip follows), as the arrow keys do.
// BokehJS would run a CustomJS callback by compiling its code with `new Function`, which the Content Security
// Policy forbids (no 'unsafe-eval'); so this file finds the light curve's data source by name once review.js
// has embedded the plots (main#review gets the class "ready") and listens to its selection in plain JS.
(function () {
  "use strict";

  const main = document.getElementById("review");

  function lightCurveSource() {
    for (const doc of Bokeh.documents) {
      const source = doc.get_model_by_name("lc_source");
      if (source) return source;
    }
    return null;
  }

  function connect() {
    const source = lightCurveSource();
    if (!source) return;
    const selection = source.selected;
    selection.on_change(selection.properties.indices, () => window.hcvReview.onTap(selection.indices));
  }

  if (main.classList.contains("ready")) {
    connect();
  } else {
    const observer = new MutationObserver(() => {
      if (!main.classList.contains("ready")) return;
      observer.disconnect();
      connect();
    });
    observer.observe(main, { attributes: true, attributeFilter: ["class"] });
  }
})();
