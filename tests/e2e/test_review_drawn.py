"""What the candidate page's marks mean (issue 18), as the tests and benchmarks read them: `data-drawn` once
the expert can decide (table filled, light curve painted with every epoch, cutouts decoded),
`data-context-drawn` once the four field plots under the cutouts show the candidate too; the light curve never
waits for them."""

import pytest

from tests.e2e.conftest import log_in
from tests.e2e.review_data import FILTERS, build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Coloured pixels of a plot's canvases: axes and grid are grey, the light curve's points in filter colours.
PAINTED = """(id) => {
  const canvases = (root) => [...root.querySelectorAll("*")].flatMap((el) =>
    (el.tagName === "CANVAS" ? [el] : []).concat(el.shadowRoot ? canvases(el.shadowRoot) : []));
  let coloured = 0;
  for (const canvas of canvases(document.getElementById(id))) {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured += 1;
    }
  }
  return coloured;
}"""
DRAWN = """() => {
  const { sources } = window.hcvReview.state;
  const images = [...document.querySelectorAll("#strip img")];
  return {
    points: sources.lc_source.data.x.length,
    epochs: JSON.parse(document.getElementById("page-data").textContent).epochs.length,
    rows: document.querySelectorAll("#filter-rows tr").length,
    cutouts: images.length,
    decoded: images.filter((img) => img.complete && img.naturalWidth > 0).length,
  };
}"""
# Each field plot's view exists (Bokeh built and embedded it) and its data sources hold the candidate's field.
FIELD_PLOTS = """() => {
  const { sources, figures } = window.hcvReview.state;
  return {
    views: ["phase", "periodogram", "madmag", "cmd"].filter((name) => Bokeh.index.find_one(figures[name])),
    cloud: sources.madmag_cloud.data.x.length,
    colours: sources.cmd_cloud.data.x.length,
    star: sources.madmag_this.data.x.length,
  };
}"""


def test_the_light_curve_and_cutouts_are_drawn_first_and_the_field_plots_after(page, live_server, expert):
    (candidate,) = build_review_field(candidates=1, constants=80, n_points=8)
    log_in(page, live_server.url, expert.username)
    page.goto(f"{live_server.url}/review/")
    page.wait_for_selector(f"main#review[data-drawn='{candidate.pk}']", state="attached")
    drawn = page.evaluate(DRAWN)
    assert drawn["points"] == drawn["epochs"] == 2 * 8
    assert drawn["rows"] == len(FILTERS)
    assert drawn["cutouts"] > 0
    assert drawn["decoded"] == drawn["cutouts"]
    assert page.evaluate(PAINTED, "plot-lc") > 0

    page.wait_for_selector(f"main#review[data-context-drawn='{candidate.pk}']", state="attached")
    fields = page.evaluate(FIELD_PLOTS)
    assert fields["views"] == ["phase", "periodogram", "madmag", "cmd"]
    assert fields["cloud"] == 80
    assert fields["colours"] == 80
    assert fields["star"] == 1
    assert page.errors == []
