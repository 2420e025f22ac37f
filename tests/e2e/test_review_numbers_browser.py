"""In Chromium: after rejecting an epoch the expert reads MAD, Chi2 and MAD / threshold recomputed (the API's
numbers); an incomplete light curve is labelled as such, not shown as rejected epochs."""

import pytest

from hcvvet.catalog.models import Measurement
from hcvvet.catalog.services import filter_thresholds_update
from tests.e2e.conftest import log_in, open_candidate
from tests.e2e.review_data import build_review_field

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RED = "ACS_F814W"
ROW = f"#filter-rows tr[data-filter={RED}]"
TIMES = "\N{MULTIPLICATION SIGN}"


def cell(page, role: str) -> str:
    return page.inner_text(f"{ROW} td[data-role={role}]")


def select_epoch(page, image: str) -> None:
    """Step with the arrow keys (epochs run in time order) until the strip shows `image`."""
    target = page.evaluate(
        "(image) => window.hcvReview.state.page.epochs.findIndex((e) => e.image === image)", image
    )
    current = page.evaluate("window.hcvReview.state.selected")
    for _ in range(abs(target - current)):
        page.keyboard.press("ArrowRight" if target > current else "ArrowLeft")
    page.wait_for_function(f"() => document.querySelector('#strip').dataset.selectedImage === '{image}'")


def test_rejecting_an_epoch_shows_mad_chi2_and_mad_over_threshold_recomputed(page, live_server, expert):
    (candidate,) = build_review_field(candidates=1, constants=200, n_points=8, cutouts=False)
    filter_thresholds_update([candidate.group_id])
    log_in(page, live_server.url, expert.username)
    page.errors.clear()
    open_candidate(page, live_server.url, candidate.pk)
    assert "→" not in cell(page, "ratio")
    catalogue_ratio = cell(page, "ratio")

    brightest = Measurement.objects.filter(candidate=candidate, filter=RED).order_by("corr_mag").first()
    select_epoch(page, brightest.image_id)
    page.keyboard.press("x")
    page.wait_for_selector("#reject-dialog[open]")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelector(\"{ROW} td[data-role=ratio]\").textContent.includes('→')"
    )

    api = next(
        f
        for f in page.request.get(f"{live_server.url}/api/candidates/{candidate.pk}/").json()["filters"]
        if f["filter"] == RED
    )
    assert api["vetted_num_lc"] == 7
    assert cell(page, "ratio") == f"{catalogue_ratio} → {api['vetted_mad'] / api['mad_threshold']:.2f}{TIMES}"
    assert cell(page, "mad").endswith(f"→ {api['vetted_mad']:.4f}")
    assert cell(page, "chi2").endswith(f"→ {api['vetted_chi2']:.2f}")
    assert "1 rejected, 7 kept" in cell(page, "points")
    assert "incomplete" not in cell(page, "points")
    assert page.errors == []


def test_an_incomplete_light_curve_is_labelled_as_incomplete(page, live_server, expert):
    (candidate,) = build_review_field(candidates=1, constants=30, n_points=8, cutouts=False)
    dropped = Measurement.objects.filter(candidate=candidate, filter=RED).order_by("mjd")[:3]
    Measurement.objects.filter(pk__in=[m.pk for m in dropped]).delete()
    log_in(page, live_server.url, expert.username)
    page.errors.clear()
    open_candidate(page, live_server.url, candidate.pk)

    assert cell(page, "points") == "8\n5 stored: incomplete light curve"
    assert "rejected" not in cell(page, "points")
    assert "→" not in cell(page, "mad")  # the catalogue's statistics stand: nothing was rejected
    note = page.locator("#notes li[data-kind=incomplete]")
    assert note.is_visible()
    assert note.inner_text() == (
        f"Incomplete light curve in {RED}: 5 of NumLC 8 points stored (the catalogue's statistics use all 8)"
    )
    assert page.errors == []
