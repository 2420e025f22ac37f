"""The triage models' admin as a curator uses it: versions with their metrics, activate one, roll back."""

import pytest
from django.utils import timezone

from hcvvet.triage.models import ModelState, TriageModel

pytestmark = pytest.mark.django_db

MODELS = "/admin/triage/triagemodel/"
CATALOGUE_ONLY = {"catalogue": {"1": 30, "2": 20, "4": 12}, "consensus": {}, "adjudicated": {}}


def _model(**fields) -> TriageModel:
    return TriageModel.objects.create(
        state=ModelState.READY, feature_set_version="2", brier=0.1, label_counts=CATALOGUE_ONLY, **fields
    )


def test_curators_see_the_metrics_activate_a_model_and_roll_back(client, curator):
    older = _model(roc_auc=0.8712, activated_at=timezone.now())
    newer = _model(roc_auc=0.9134, is_active=True, activated_at=timezone.now())
    client.force_login(curator)
    listing = client.get(MODELS)
    assert listing.status_code == 200
    assert b"0.8712" in listing.content
    assert b"0.9134" in listing.content
    detail = client.get(f"{MODELS}{older.pk}/change/")
    assert detail.status_code == 200
    assert b"0.8712" in detail.content

    client.post(MODELS, {"action": "activate", "_selected_action": [older.pk]})
    assert TriageModel.objects.get(is_active=True) == older
    client.post(MODELS, {"action": "roll_back", "_selected_action": [older.pk]})
    assert TriageModel.objects.get(is_active=True) == newer


def test_a_failed_model_is_never_activated(client, curator):
    active = _model(roc_auc=0.9, is_active=True, activated_at=timezone.now())
    failed = TriageModel.objects.create(state=ModelState.FAILED, feature_set_version="2", error="too few")
    client.force_login(curator)
    response = client.post(MODELS, {"action": "activate", "_selected_action": [failed.pk]}, follow=True)
    assert b"only a ready model serves" in response.content
    assert TriageModel.objects.get(is_active=True) == active


def test_experts_do_not_reach_the_models_admin(client, expert):
    client.force_login(expert)
    assert client.get(MODELS).status_code in (302, 403)
