"""The model on the review page in Chromium: what the page displays of the active model's prediction is
what the label's shown-prediction record holds; "m" selects the model's most suspicious epoch and Enter
rejects it through the epoch rejection dialog; a campaign that shows the model after the vote shows it only
then."""

import pytest

from hcvvet.catalog.models import Candidate, Measurement
from hcvvet.triage.models import Prediction, ShownPrediction
from hcvvet.vetting.models import EpochRejection, ModelDisplay
from tests.e2e.conftest import log_in
from tests.e2e.review_data import build_review_field
from tests.triage.predictions import active_model, predict
from tests.vetting.campaign_helpers import active_campaign
from tests.worker import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _predicted_field(expert, display: str):
    """Three candidates no one classified, each predicted by the active model (distinct probabilities, an
    epoch named), in an open campaign of `expert` that shows the model per `display`."""
    candidates = build_review_field(candidates=3, constants=40, n_points=8)
    model = active_model()
    for n, candidate in enumerate(candidates):
        epoch = Measurement.objects.filter(candidate=candidate).order_by("mjd")[2 + n]
        p4 = 0.7 - 0.15 * n
        probabilities = (round((1 - p4) * 0.375, 6), round((1 - p4) * 0.625, 6), p4)
        predict(
            candidate, model, probabilities, epoch=epoch, reasons=tuple(f"because {n}.{i}" for i in range(3))
        )
    campaign = active_campaign(experts=[expert], candidates=candidates, votes_needed=1, blind=False)
    campaign.model_display = display
    campaign.save(update_fields=["model_display"])
    return campaign, model


def _open_queue(page, base_url: str, campaign) -> int:
    page.goto(f"{base_url}/review/{campaign.pk}/")
    page.wait_for_selector("main#review.ready")
    match_id = int(page.get_attribute("main#review", "data-match-id"))
    page.wait_for_selector(f"main#review[data-drawn='{match_id}']")
    return match_id


def _displayed(page) -> dict:
    """What the model panel displays: the version and each class's probability."""
    items = page.query_selector_all("#model-panel [data-model='probabilities'] li")
    return {
        "version": int(page.get_attribute("#model-panel", "data-model-version")),
        "probabilities": {
            item.get_attribute("data-class"): float(item.get_attribute("data-probability")) for item in items
        },
        "texts": [item.inner_text() for item in items],
    }


def test_the_shown_record_is_what_chromium_displayed_and_m_rejects_the_models_epoch(
    page, live_server, expert
):
    campaign, model = _predicted_field(expert, ModelDisplay.BEFORE)
    log_in(page, live_server.url, expert.username)
    match_id = _open_queue(page, live_server.url, campaign)

    page.wait_for_selector("#model-panel:not([hidden])")
    shown = _displayed(page)
    prediction = Prediction.objects.get(candidate_id=match_id)
    assert shown["version"] == model.pk
    assert shown["texts"] == [f"P({c}) = {p:.2f}" for c, p in sorted(prediction.probabilities.items())]
    reasons = page.inner_text("#model-panel [data-model='reasons']")
    assert [line.strip() for line in reasons.splitlines() if line.strip()] == [
        r["text"] for r in prediction.reasons
    ]
    epoch = Measurement.objects.get(pk=prediction.suspicious_measurement_id)
    assert epoch.image_id in page.inner_text("#model-panel [data-model='epoch']")

    page.keyboard.press("m")  # the model's epoch, selected, in the rejection dialog
    page.wait_for_selector("#reject-dialog[open]")
    assert page.get_attribute("#strip", "data-selected-image") == epoch.image_id
    page.keyboard.press("Enter")
    wait_for(lambda: EpochRejection.objects.filter(measurement=epoch, expert=expert).exists(), timeout=20)
    page.wait_for_selector("#status:has-text('statistics recomputed')")

    page.keyboard.press("4")
    record = wait_for(
        lambda: ShownPrediction.objects.filter(label__candidate_id=match_id).first(), timeout=20
    )

    assert (record.shown, record.display, record.expert_class) == ("before", "before", 4)
    assert record.model_version == shown["version"]
    assert {str(c): p for c, p in record.probabilities.items()} == shown["probabilities"]
    assert page.errors == []


def test_after_the_vote_the_page_shows_what_the_model_said_and_records_it(page, live_server, expert):
    campaign, model = _predicted_field(expert, ModelDisplay.AFTER)
    log_in(page, live_server.url, expert.username)
    match_id = _open_queue(page, live_server.url, campaign)
    assert page.is_hidden("#model-panel")

    page.keyboard.press("1")
    page.wait_for_selector(f"#model-after[data-match-id='{match_id}']:not([hidden])")

    text = page.inner_text("#model-after")
    p4 = Prediction.objects.get(candidate_id=match_id).p_artifact
    assert f"version {model.pk}" in text
    assert f"P(4) = {p4:.2f}" in text
    record = ShownPrediction.objects.get(label__candidate_id=match_id)
    assert (record.shown, record.model_version, record.p_artifact) == ("after", model.pk, p4)
    # the label's answer may come before the next candidate is drawn: wait for the page to move on
    page.wait_for_selector(f"main#review[data-drawn]:not([data-drawn='{match_id}'])")
    next_id = int(page.get_attribute("main#review", "data-drawn"))
    assert next_id != match_id
    assert page.is_hidden("#model-panel")  # the next candidate waits for its vote too
    assert Candidate.objects.filter(pk=next_id).exists()
    assert page.errors == []
