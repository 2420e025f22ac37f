"""The admin's candidate and image lists fit the screens astronomers use (issue 18: the candidates were cut
off at 1440 px; a user audit found the images' MJD and Flagged columns out of view at 1280 px): at 1280 and
1920 px wide, Chromium draws them with no column cut off at the right edge, and nothing they ask for (the
site icon included) is missing."""

import pytest

from hcvvet.accounts.models import Role
from tests.e2e.conftest import log_in, wait_for_idle_database
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory, ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wide_field():
    """Candidates with long values of what the list shows: 9-digit MatchIDs (the HCV's are up to 10^8),
    long target names, both marks, classes of every kind, and many filters."""
    groups = [GroupFactory(target_name=f"NGC 4258 OUTER DISK FLD{i}") for i in range(3)]
    for i in range(30):
        candidate = CandidateFactory(
            match_id=190_545_700 + i,
            group=groups[i % 3],
            auto_class=i % 3,
            hcv_expert_class=(0, 1, 2, 4)[i % 4],
            expert_class=(None, 1, 2, 4)[i % 4],
            num_filters=12,
            max_mad=0.123456 * (i + 1),
            needs_review=i % 2 == 0,
            stats_mismatch=i % 3 == 0,
        )
        for band in ("ACS_F435W", "ACS_F475W", "ACS_F555W", "ACS_F606W", "WFC3_F110W", "WFPC2_F814W"):
            FilterStatFactory(candidate=candidate, filter=band)
    for i in range(30):  # the longest HLA image names: WFPC2 ones, with MJDs to 5 decimals
        ImageFactory(
            name=f"hst_11234_{i:02d}_wfpc2_pc_f555w", instrument="wfpc2", detector="pc", filter="f555w",
            proposal_id=11234, mjd=54321.123456789 + i, flagged=i % 5 == 0,
        )  # fmt: skip


@pytest.mark.parametrize("width", [1280, 1920])  # fluid between the two
@pytest.mark.parametrize("model", ["candidate", "image"])
def test_the_list_fits_the_window(live_server, browser, make_user, wide_field, model, width):
    make_user("cora", Role.CURATOR, Role.EXPERT)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        log_in(page, live_server.url, "cora")
        page.goto(f"{live_server.url}/admin/catalog/{model}/")
        page.wait_for_selector("#result_list")
        icon = page.get_attribute("link[rel=icon]", "href")
        assert page.request.get(f"{live_server.url}{icon}").ok
        # The admin clips a wide list in a box that scrolls sideways: what is past its edge is cut off.
        overflow = page.evaluate(
            "() => { const box = document.querySelector('#changelist-form .results');"
            " return {page: document.documentElement.scrollWidth - innerWidth,"
            " list: box.scrollWidth - box.clientWidth}; }"
        )
        assert overflow["page"] <= 0, f"the page scrolls sideways by {overflow['page']} px at {width} px"
        assert overflow["list"] <= 0, f"the list is cut off by {overflow['list']} px at {width} px"
        assert failed == []  # no 404 for the icon, a script or a style sheet
    finally:
        context.close()
        wait_for_idle_database()
