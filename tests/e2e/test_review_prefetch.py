"""Key press to next candidate (issue 18): an expert who labels faster than the server answers the page's
prefetch requests still moves on from what was prefetched. The browser holds the prefetch answers (Playwright
routes) to put the server behind at a known point: an answer that arrives after the expert moved on is used,
not dropped, so the next key presses do not wait for the server."""

import pytest

from hcvvet.vetting.models import Label
from hcvvet.vetting.queues import campaign_candidates, default_campaign
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field
from tests.worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UPCOMING = "**/upcoming.json*"


def drawn(page, match_id: int) -> None:
    page.wait_for_selector(f"main#review[data-drawn='{match_id}']", state="attached")


def prefetched(page, match_id: int) -> None:
    """Wait until the page holds `match_id` from a prefetch answer. Playwright's response event comes with the
    answer's headers, before the page has read its body: a key pressed meanwhile finds nothing prefetched and
    asks again, and that request is held here forever."""
    page.wait_for_function(
        "(id) => window.hcvReview.state.upcoming.some((p) => String(p.match_id) === String(id))",
        arg=match_id,
    )


def test_a_prefetch_answer_that_comes_after_the_expert_moved_on_still_feeds_the_next_key_presses(
    page, live_server, expert
):
    build_review_field(candidates=7, constants=60, n_points=6)
    queue = list(campaign_candidates(default_campaign()).values_list("pk", flat=True))
    held = []
    log_in(page, live_server.url, expert.username)
    with page.expect_response(UPCOMING):  # the first candidate's prefetch (the next 3) is answered at once
        page.goto(f"{live_server.url}/review/")
    drawn(page, queue[0])
    prefetched(page, queue[3])
    # From here on every prefetch request waits until released.
    page.route(UPCOMING, lambda route: held.append(route))

    for key, match_id in (("1", queue[1]), ("2", queue[2])):
        with page.expect_request(UPCOMING):  # sent once the server has the label
            page.keyboard.press(key)
        drawn(page, match_id)
    # The prefetch asked while the second candidate was shown answers only now, with the third shown.
    first_late, _ = held
    with page.expect_response(UPCOMING):
        first_late.continue_()
    # Its answer lists the candidates after the second: the third (shown), the fourth, and the fifth, which
    # nothing else prefetched. The server answers nothing more, yet the expert goes on to the fifth.
    prefetched(page, queue[4])
    page.keyboard.press("4")
    drawn(page, queue[3])
    page.keyboard.press("1")
    drawn(page, queue[4])

    labelled = Label.objects.filter(expert=expert, expert_class__isnull=False)
    wait_for(lambda: labelled.count() == 4)
    assert set(labelled.values_list("candidate_id", flat=True)) == set(queue[:4])
    for route in held[1:]:  # answered before the test ends: the database is flushed after it
        with page.expect_response(UPCOMING):
            route.continue_()
    assert page.errors == []
