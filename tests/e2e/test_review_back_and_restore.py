"""The review page's keys as the expert reads them: the epoch dialog says what Enter will do (reject or
restore), "p" walks back through the candidates shown (after an undo too), the colour-magnitude plot of a
one-filter candidate names no filter of the candidate before it, and what blind review hides says which
campaign hides it."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Measurement
from hcvvet.vetting.labels import label_submit
from tests.e2e.conftest import log_in, open_candidate, press_and_wait_for_next, shown
from tests.e2e.review_data import FILTERS, build_review_field
from tests.factories import candidate_with_light_curve
from tests.vetting.campaign_helpers import active_campaign
from tests.worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DIALOG = """() => {
  const dialog = document.getElementById("reject-dialog");
  const reason = document.getElementById("reject-reason");
  return {
    text: dialog.querySelector("p").innerText,
    reason_shown: reason.offsetParent !== null,
    button: document.getElementById("reject-confirm").innerText,
  };
}"""
CMD_AXES = """() => {
  const figure = window.hcvReview.state.figures.cmd;
  return [figure.below[0].axis_label, figure.left[0].axis_label];
}"""

# The empty figure's axis labels as the server draws it (hcvvet/review/plots.py), naming no filter.
BLANK_CMD_AXES = ["blue - red MeanCorrMag (mag)", "blue MeanCorrMag (mag)"]


def test_x_on_a_rejected_epoch_opens_a_restore_dialog_without_reasons(page, live_server, expert):
    (candidate,) = build_review_field(candidates=1, constants=40, n_points=6, cutouts=False)
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, candidate.pk)
    image = page.get_attribute("#strip", "data-selected-image")

    page.keyboard.press("x")
    page.wait_for_selector("#reject-dialog[open]")
    dialog = page.evaluate(DIALOG)
    assert dialog["text"].startswith(f"Reject epoch {image}")
    assert dialog["reason_shown"]
    assert dialog["button"] == "Reject (Enter)"
    page.keyboard.press("Enter")
    page.wait_for_selector("#status:has-text('rejected')")
    assert Measurement.objects.get(candidate=candidate, image_id=image).rejected

    page.keyboard.press("x")
    page.wait_for_selector("#reject-dialog[open]")
    dialog = page.evaluate(DIALOG)
    assert dialog["text"].startswith(f"Restore epoch {image}")
    assert not dialog["reason_shown"]
    assert dialog["button"] == "Restore (Enter)"
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#status:has-text('restored {image}')")
    wait_for(lambda: not Measurement.objects.get(candidate=candidate, image_id=image).rejected, timeout=10)

    page.keyboard.press("x")  # rejected no more: the dialog rejects again, with its reasons
    page.wait_for_selector("#reject-dialog[open]")
    assert page.evaluate(DIALOG)["button"] == "Reject (Enter)"
    assert page.evaluate(DIALOG)["reason_shown"]
    page.keyboard.press("Escape")
    assert page.errors == []


def test_p_after_an_undo_walks_back_through_the_candidates_shown(page, live_server, expert):
    first, *_ = build_review_field(candidates=4, constants=40, n_points=6, cutouts=False)
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, first.pk)
    a = shown(page)
    b = press_and_wait_for_next(page, "1", drawn=True)
    c = press_and_wait_for_next(page, "1", drawn=True)
    assert len({a, b, c}) == 3

    assert press_and_wait_for_next(page, "u", drawn=True) == b
    page.wait_for_selector(f"#status:has-text('undid your last label of {b}')")
    assert press_and_wait_for_next(page, "p", drawn=True) == a
    assert page.inner_text("#status") == ""  # the undo was about b, not the candidate shown now
    page.keyboard.press("p")
    page.wait_for_selector("#status:has-text('no previous candidate in this session')")
    assert shown(page) == a
    assert page.errors == []


def test_a_one_filter_candidate_after_a_two_filter_one_names_no_colour_on_its_empty_plot(
    page, live_server, expert
):
    (two_filters,) = build_review_field(candidates=1, constants=40, n_points=6, cutouts=False)
    one_filter = candidate_with_light_curve(
        n_points=6, filters=(FILTERS[1],), auto_class=2, amplitude_mag=0.2, group=two_filters.group
    )
    assert one_filter.max_mad < two_filters.max_mad  # the queue serves it second
    log_in(page, live_server.url, expert.username)
    open_candidate(page, live_server.url, two_filters.pk)
    page.wait_for_selector(f"main#review[data-context-drawn='{two_filters.pk}']", state="attached")
    assert page.evaluate(CMD_AXES) == [
        f"{FILTERS[0]} \N{MINUS SIGN} {FILTERS[1]} (mag)",
        f"{FILTERS[0]} MeanCorrMag (mag)",
    ]

    assert press_and_wait_for_next(page, "n", drawn=True) == str(one_filter.pk)
    page.wait_for_selector(f"main#review[data-context-drawn='{one_filter.pk}']", state="attached")
    assert page.inner_text("#cmd-caption") == "Colour-magnitude diagram: needs two filters"
    assert page.evaluate(CMD_AXES) == BLANK_CMD_AXES
    assert page.errors == []


def test_after_voting_in_an_open_campaign_the_page_names_the_blind_campaign_that_still_hides(
    page, live_server, expert, make_user
):
    other = make_user("bob", Role.EXPERT)
    (candidate,) = build_review_field(candidates=1, constants=40, n_points=6, cutouts=False)
    campaign = active_campaign(experts=[expert, other], candidates=[candidate], blind=False, name="M87 open")
    for voter, expert_class in ((other, 1), (expert, 2)):
        label_submit(campaign=campaign, candidate=candidate, expert=voter, expert_class=expert_class)
    log_in(page, live_server.url, expert.username)
    page.goto(f"{live_server.url}/review/{campaign.pk}/{candidate.pk}/")
    page.wait_for_selector(f"main#review[data-drawn='{candidate.pk}']", state="attached")

    why = "hidden: the blind campaign 'Default queue' waits for your vote on this candidate"
    assert page.inner_text("#votes") == f"Other experts' labels and the consensus: {why}"
    assert page.inner_text("[data-field=catalogue_class]") == why
    assert "bob" not in page.inner_text("main#review")
    assert page.errors == []
