"""A candidate without filter rows has no field to place it in: after a candidate that had one, its field
plots (MAD-magnitude, colour-magnitude) show nothing of the field before, on the axes the server draws empty,
and the page still says it drew them (`data-context-drawn`)."""

import pytest

from tests.e2e.conftest import log_in, open_candidate, press_and_wait_for_next
from tests.e2e.review_data import FILTERS, build_review_field
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the expert sees of the field plots: the points of each Bokeh source, each figure's axis labels, the
# captions, and which plots are greyed out as empty.
FIELD_PLOTS = """() => {
  const { sources, figures } = window.hcvReview.state;
  const points = {};
  for (const name of ["madmag_cloud", "madmag_cands", "madmag_threshold", "madmag_this", "cmd_cloud",
    "cmd_cands", "cmd_this", "phase_source", "periodogram_source"]) {
    points[name] = sources[name].data.x.length;
  }
  const axes = {};
  for (const plot of ["madmag", "cmd"]) {
    axes[plot] = [figures[plot].below[0].axis_label, figures[plot].left[0].axis_label];
  }
  return {
    points,
    axes,
    madmag: document.getElementById("madmag-caption").textContent,
    cmd: document.getElementById("cmd-caption").textContent,
    empty: Object.fromEntries(["madmag", "cmd"].map((plot) =>
      [plot, document.getElementById(`plot-${plot}`).closest("figure").classList.contains("empty")])),
  };
}"""

# The empty figures' axis labels as the server draws them (hcvvet/review/plots.py), naming no filter.
BLANK_AXES = {
    "madmag": ["MeanCorrMag (mag)", "MAD (mag)"],
    "cmd": ["blue - red MeanCorrMag (mag)", "blue MeanCorrMag (mag)"],
}


def context_drawn(page, match_id) -> dict:
    page.wait_for_selector(f"main#review[data-context-drawn='{match_id}']", state="attached")
    return page.evaluate(FIELD_PLOTS)


def test_a_candidate_without_filter_rows_after_one_with_a_field_shows_empty_field_plots(
    page, live_server, expert
):
    (in_field,) = build_review_field(candidates=1, constants=40, n_points=6, cutouts=False)
    no_rows = CandidateFactory(group=in_field.group, auto_class=2, num_filters=0)
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, in_field.pk)
    before = context_drawn(page, in_field.pk)
    assert before["points"]["madmag_cloud"] > 0
    assert before["points"]["cmd_cloud"] > 0
    band = before["axes"]["madmag"][1].removesuffix(" MAD (mag)")  # the selected epoch's filter
    assert band in FILTERS
    assert before["axes"]["madmag"] == [f"{band} MeanCorrMag (mag)", f"{band} MAD (mag)"]
    assert before["axes"]["cmd"] == [
        f"{FILTERS[0]} \N{MINUS SIGN} {FILTERS[1]} (mag)",
        f"{FILTERS[0]} MeanCorrMag (mag)",
    ]

    assert press_and_wait_for_next(page, "n", drawn=True) == str(no_rows.pk)
    after = context_drawn(page, no_rows.pk)
    assert after["points"] == dict.fromkeys(after["points"], 0)
    assert after["axes"] == BLANK_AXES
    assert after["madmag"] == "MAD vs magnitude: no filter rows, no field to place it in"
    assert after["cmd"] == "Colour-magnitude diagram: needs two filters"
    assert after["empty"] == {"madmag": True, "cmd": True}

    # Back to the first candidate ("p"): its field again, in full.
    assert press_and_wait_for_next(page, "p", drawn=True) == str(in_field.pk)
    again = context_drawn(page, in_field.pk)
    assert again["points"] == before["points"]
    assert again["axes"] == before["axes"]
    assert again["empty"] == {"madmag": False, "cmd": False}
    assert page.errors == []
