"""An expert vets candidates in Chromium with the keyboard alone, and everything lands in the database."""

import pytest

from hcvvet.catalog.models import Measurement
from hcvvet.vetting.models import EventKind, Label, LabelEvent
from tests.e2e.conftest import RESULTS_DIR, log_in, press_and_wait_for_next, shown
from tests.e2e.review_data import build_review_field
from tests.worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLASSES = ("1", "2", "4")
CLASS_RGB = ("rgb(0, 114, 178)", "rgb(0, 158, 115)", "rgb(213, 94, 0)")  # #0072B2, #009E73, #D55E00


def test_expert_labels_twenty_candidates_from_the_keyboard(page, live_server, expert):
    build_review_field(candidates=23, constants=150, n_points=6)
    log_in(page, live_server.url, expert.username)
    page.errors.clear()  # the login page is not the review UI's (its missing favicon: review-needs.md)
    page.keyboard.press("Tab")  # the keyboard only from here on: no clicks
    # The page's clock (performance.now, timers) runs as usual, but the test can move it on: each label below
    # comes a second after its candidate was shown, however fast Playwright presses the keys (the page counts
    # tenths of seconds: keys pressed as fast as Playwright can saved 0.1 s; within 50 ms they would save 0).
    page.clock.install()
    page.goto(f"{live_server.url}/review/")
    page.wait_for_selector("main#review.ready")
    page.wait_for_function(
        "() => document.querySelector('main#review').dataset.drawn"
        " === document.querySelector('main#review').dataset.matchId"
    )
    page.wait_for_load_state("networkidle")

    RESULTS_DIR.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / "review-candidate-page.png"))
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    # Each label button wears its class's one colour (hcvvet/catalog/classes.py), as on the adjudication page.
    border = "(code) => getComputedStyle(document.querySelector(`.label-btn.class-${code}`)).borderLeftColor"
    assert [page.evaluate(border, code) for code in CLASSES] == list(CLASS_RGB)

    # Stepping epochs: the strip's selected cutout follows.
    first = shown(page)
    epochs = list(Measurement.objects.filter(candidate_id=first).order_by("mjd"))  # steps go in time order
    start = page.get_attribute("#strip", "data-selected-image")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('#strip').dataset.selectedImage !== '{start}'")
    stepped = page.get_attribute("#strip", "data-selected-image")
    names = [m.image_id for m in epochs]
    assert names.index(stepped) == names.index(start) + 1
    assert stepped in page.inner_text("#strip figure.selected figcaption")

    # Rejecting the selected epoch shows the MAD recomputed without it.
    mad_cells = "#filter-rows td[data-role=mad]"
    page.keyboard.press("x")
    page.wait_for_selector("#reject-dialog[open]")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{mad_cells}')].some(td => td.textContent.includes('→'))"
    )
    rejected = Measurement.objects.get(candidate_id=first, image_id=stepped)
    assert rejected.rejected
    assert rejected.rejected_reason == "cosmic_ray"
    assert LabelEvent.objects.filter(kind=EventKind.REJECT_EPOCH, candidate_id=first).count() == 1

    # "x" on the rejected epoch restores it: the recomputed MAD goes away.
    page.keyboard.press("x")
    page.wait_for_selector("#reject-dialog[open]")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => ![...document.querySelectorAll('{mad_cells}')].some(td => td.textContent.includes('→'))"
    )
    wait_for(lambda: not Measurement.objects.get(pk=rejected.pk).rejected, timeout=10)
    assert page.get_attribute("#strip", "data-selected-image") == stepped

    # "n" passes over a candidate without labelling it, "p" comes back to it.
    second = press_and_wait_for_next(page, "n")
    assert second != first
    assert press_and_wait_for_next(page, "p") == first
    assert page.url.endswith(f"/{first}/")

    # The key map, reason codes and the comment box, still without the mouse.
    page.keyboard.press("?")
    page.wait_for_selector("#keymap[open]")
    page.keyboard.press("Escape")
    page.keyboard.press("r")
    page.wait_for_selector("#reasons-dialog[open]")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    assert page.inner_text("#reasons-chosen") == "diffraction spike"
    page.keyboard.press("c")
    page.keyboard.type("spike from the bright star to the north")
    page.keyboard.press("Escape")

    labelled = []
    for n in range(20):
        labelled.append(shown(page))
        page.clock.fast_forward(1000)  # the expert looks at the candidate for a second
        press_and_wait_for_next(page, CLASSES[n % 3])
    after_twenty = shown(page)
    assert after_twenty not in labelled
    assert len(set(labelled)) == 20

    undone = press_and_wait_for_next(page, "u")
    assert undone == labelled[-1]
    assert page.url.endswith(f"/{undone}/")

    wait_for(lambda: LabelEvent.objects.filter(kind=EventKind.UNDO).count() == 1, timeout=10)
    assert page.errors == []  # a write the server refused (its status line says "NOT saved") is named here
    page.reload()
    page.wait_for_selector("main#review.ready")
    assert shown(page) == undone

    votes = dict(Label.objects.filter(expert=expert).values_list("candidate_id", "expert_class"))
    assert len(votes) == 20
    assert [votes[int(m)] for m in labelled[:19]] == [int(CLASSES[n % 3]) for n in range(19)]
    assert votes[int(undone)] is None
    first_label = Label.objects.get(expert=expert, candidate_id=labelled[0])
    assert first_label.reasons == ["diffraction_spike"]
    assert first_label.comment == "spike from the bright star to the north"
    kinds = list(LabelEvent.objects.filter(actor=expert).order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.REJECT_EPOCH, EventKind.RESTORE_EPOCH] + [EventKind.LABEL] * 20 + [
        EventKind.UNDO
    ]
    assert all(s >= 1.0 for s in Label.objects.filter(expert=expert).values_list("seconds_spent", flat=True))
    assert page.errors == []
