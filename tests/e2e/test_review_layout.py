"""The candidate page fits the experts' screens (1280x800 to 1920x1080): nothing scrolls sideways, every
cutout is in view, and the light curve, the first row of cutouts and the label buttons are above the fold."""

import pytest

from tests.e2e.conftest import RESULTS_DIR, log_in, open_candidate
from tests.e2e.review_data import build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ((1280, 800), (1366, 768), (1440, 900), (1920, 1080))
MIN_CUTOUT_PX = 96  # smaller, and a cosmic ray is lost in the 19 px cutout

# Viewport boxes of what the expert must see, measured in the browser once the candidate is drawn. Bokeh draws
# into canvases inside shadow roots, so a plot's boxes are collected through them.
MEASURE = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
  };
  const canvases = (root) => [...root.querySelectorAll("*")].flatMap((el) =>
    (el.tagName === "CANVAS" ? [el] : []).concat(el.shadowRoot ? canvases(el.shadowRoot) : []));
  const page = document.scrollingElement;
  const strip = document.getElementById("strip");
  return {
    page: {scrollWidth: page.scrollWidth, clientWidth: page.clientWidth},
    strip: {scrollWidth: strip.scrollWidth, clientWidth: strip.clientWidth},
    selected: [...strip.querySelectorAll("figure.hero .frame")].map(box),
    others: [...strip.querySelectorAll(".filter-group .frame")].map(box),
    lightCurve: box(document.querySelector(".lc-panel")),
    buttons: [...document.querySelectorAll(".label-buttons button")].map(box),
    plots: [...document.querySelectorAll(".plot")].map((el) => ({
      id: el.id, column: box(el.parentElement), canvases: canvases(el).map(box),
    })),
  };
}"""


@pytest.fixture
def candidates(db) -> dict:
    """Screenshot suffix -> candidate: one with a long light curve (brightest, median and faintest cutouts per
    filter) and one short enough that the strip shows every epoch of both filters."""
    long_curve = build_review_field(candidates=1, constants=120, n_points=12)[0]
    short_curve = build_review_field(candidates=1, constants=60, n_points=5, group_id=1072341)[0]
    return {"": long_curve, "-all-epochs": short_curve}


def open_drawn(page, base_url: str, match_id: int) -> None:
    open_candidate(page, base_url, match_id)
    # the field plots under the cutouts are drawn after the light curve, in the frames that follow it
    page.wait_for_selector(f"main#review[data-context-drawn='{match_id}']", state="attached")
    page.wait_for_load_state("networkidle")


def assert_plots_inside_their_columns(seen: dict) -> None:
    for plot in seen["plots"]:
        assert plot["canvases"], f"{plot['id']} drew nothing"
        for canvas in plot["canvases"]:
            assert canvas["width"] > 100, plot["id"]
            assert plot["column"]["left"] - 0.5 <= canvas["left"], plot["id"]
            assert canvas["right"] <= plot["column"]["right"] + 0.5, plot["id"]


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_review_page_fits_the_screen(page, live_server, curator, candidates, width, height):
    log_in(
        page, live_server.url, curator.username
    )  # a curator's panel is the widest: it has "flag image" too
    page.errors.clear()
    page.set_viewport_size({"width": width, "height": height})
    RESULTS_DIR.mkdir(exist_ok=True)
    for suffix, candidate in candidates.items():
        open_drawn(page, live_server.url, candidate.match_id)
        page.screenshot(path=str(RESULTS_DIR / f"review-{width}x{height}{suffix}.png"))
        seen = page.evaluate(MEASURE)

        assert seen["page"]["scrollWidth"] <= seen["page"]["clientWidth"], "the page scrolls sideways"
        assert seen["strip"]["scrollWidth"] <= seen["strip"]["clientWidth"], (
            "the cutout strip scrolls sideways"
        )
        frames = seen["selected"] + seen["others"]
        assert len(seen["selected"]) == 2  # the selected epoch's 19 px and 101 px cutouts
        assert len(seen["others"]) == 2 * (6 if suffix == "" else 10)
        for frame in frames:
            assert frame["left"] >= 0, "a cutout is off the left of the screen"
            assert frame["right"] <= width, "a cutout is off the right of the screen"
            assert min(frame["width"], frame["height"]) >= MIN_CUTOUT_PX
        assert min(f["width"] for f in seen["selected"]) >= max(f["width"] for f in seen["others"])

        assert seen["lightCurve"]["bottom"] <= height, "the light curve is below the fold"
        first_row_top = min(f["top"] for f in seen["others"])
        assert max(f["bottom"] for f in frames if f["top"] == first_row_top) <= height
        assert max(f["bottom"] for f in seen["selected"]) <= height
        for button in seen["buttons"]:
            assert button["right"] <= width, "a label button is off the side of the screen"
            assert button["bottom"] <= height, "a label button is below the fold"
        assert len(seen["buttons"]) == 8  # 1, 2, 4, skip, undo, reject epoch, flag image, keys
        assert_plots_inside_their_columns(seen)
    assert page.errors == []


def test_plots_follow_the_window_when_it_narrows(page, live_server, expert, candidates):
    log_in(page, live_server.url, expert.username)
    page.errors.clear()
    open_drawn(page, live_server.url, candidates[""].match_id)
    wide = page.evaluate(MEASURE)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_function(
        f"() => ({MEASURE})().plots[0].canvases[0].width < {wide['plots'][0]['canvases'][0]['width'] - 100}"
    )
    narrow = page.evaluate(MEASURE)
    assert narrow["page"]["scrollWidth"] <= narrow["page"]["clientWidth"]
    assert narrow["strip"]["scrollWidth"] <= narrow["strip"]["clientWidth"]
    assert_plots_inside_their_columns(narrow)
    assert page.errors == []
