"""A curator flags a bad image from the review page, with the keyboard, and unflags it again."""

import pytest

from hcvvet.catalog.models import Image
from hcvvet.vetting.models import ImageFlag
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field
from tests.worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_curator_flags_and_unflags_the_selected_epochs_image(page, live_server, curator):
    build_review_field(candidates=3, constants=30, n_points=6)
    log_in(page, live_server.url, curator.username)
    page.errors.clear()  # the login page is not the review UI's (its missing favicon)
    page.goto(f"{live_server.url}/review/")
    page.wait_for_selector("main#review.ready")
    selected = page.get_attribute("#strip", "data-selected-image")

    page.keyboard.press("f")
    page.wait_for_selector("#flag-dialog[open]")
    assert page.inner_text("#flag-image") == selected
    page.fill("#flag-reason", "guiding failure")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('flagged image')")
    assert f"flagged image {selected}; statistics recomputed" in page.inner_text("#status")
    flag = ImageFlag.objects.get(image_id=selected, cleared_at__isnull=True)
    assert (flag.reason, flag.flagged_by) == ("guiding failure", curator)
    assert page.input_value("#flag-reason") == ""  # the next flag starts with an empty reason

    # The same key on the same epoch now unflags its image.
    page.keyboard.press("f")
    page.wait_for_selector("#flag-dialog[open]")
    assert page.inner_text("#flag-verb").lower() == "unflag"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('unflagged image')")
    wait_for(lambda: not Image.objects.get(pk=selected).flags.filter(cleared_at__isnull=True).exists())
    assert page.errors == []
