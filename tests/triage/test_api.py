"""The triage API: predictions hidden from an expert wherever the candidate's classes are (a blind campaign
waiting for their vote), a model's label data kept from whom the label reports are, activation by curators;
the catalogue estimates of a random campaign before any model has predicted it (the labels alone)."""

import pytest
import schemathesis
from django.utils import timezone

from hcvvet.triage.estimates import campaign_estimates
from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.vetting.labels import label_submit
from tests.conftest import token_client

from .estimates_world import build_unpredicted_world, labels_only_by_hand

pytestmark = pytest.mark.django_db

LABEL_COUNTS = {
    "catalogue": {"1": 3, "2": 0, "4": 0},
    "consensus": {"1": 0, "2": 1, "4": 0},
    "adjudicated": {"1": 0, "2": 0, "4": 0},
    "gold_held_out": 0,
}


def _model(**fields) -> TriageModel:
    fields = {
        "state": ModelState.READY,
        "feature_set_version": "1",
        "label_counts": LABEL_COUNTS,
        "roc_auc": 0.91,
        "brier": 0.08,
        "calibration_error": 0.03,
        "confusion": {"1": {"1": 3, "2": 0, "4": 0}},
        "metrics": {"artifact": {"roc_auc": 0.91}},
        **fields,
    }
    return TriageModel.objects.create(**fields)


@pytest.fixture
def predicted(world):
    """An active model's predictions for the world's three candidates, and an older model."""
    older = _model(activated_at=timezone.now())
    model = _model(is_active=True, activated_at=timezone.now())
    for i, candidate in enumerate(world.candidates):
        Prediction.objects.create(
            candidate=candidate,
            model=model,
            p_high_confidence=0.1,
            p_probable=0.2,
            p_artifact=0.7,
            reasons=[
                {"feature": "outlier_variance_share", "contribution": 1.2, "text": "one epoch carries 90 %"}
            ],
            suspicious_measurement_id=candidate.measurements.order_by("mjd").first().pk,
            suspicious_mjd=53700.0 + i,
            suspicious_filter="ACS_F606W",
            created_at=timezone.now(),
        )
    return model, older


def _prediction(user, candidate):
    response = token_client(user).get(f"/api/triage/predictions/{candidate.match_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_blind_expert_sees_no_prediction_until_they_vote(world, predicted):
    model, _ = predicted
    first = world.candidates[0]
    bob, ada = world.users["other_expert"], world.users["expert"]
    # Both experts are bound by the blind pilot and by the default queue, blind too: ada voted on the first
    # candidate in the pilot only, bob in neither.
    for expert in (ada, bob):
        assert _prediction(expert, first) == {"match_id": first.match_id, "hidden": True, "prediction": None}
    label_submit(campaign=world.default, candidate=first, expert=ada, expert_class=1)
    # A viewer and a curator outside the pilot are bound by no blind campaign waiting for them.
    for user in (ada, world.users["viewer"], world.users["curator"]):
        seen = _prediction(user, first)
        assert seen["hidden"] is False
        assert seen["prediction"]["model"] == model.pk
        assert seen["prediction"]["probabilities"] == {"1": 0.1, "2": 0.2, "4": 0.7}
        assert seen["prediction"]["reasons"][0]["text"] == "one epoch carries 90 %"
        assert seen["prediction"]["suspicious_epoch"]["mjd"] == 53700.0
    label_submit(campaign=world.blind, candidate=first, expert=bob, expert_class=4)
    assert _prediction(bob, first)["hidden"] is True  # the default queue still waits for his vote


def test_a_candidate_without_prediction_or_unknown(world, viewer):
    assert _prediction(viewer, world.candidates[0])["prediction"] is None
    response = token_client(viewer).get("/api/triage/predictions/999999999/")
    assert response.status_code == 404
    assert (
        token_client(None).get(f"/api/triage/predictions/{world.candidates[0].match_id}/").status_code == 401
    )


def test_label_data_of_a_model_go_only_to_whom_the_label_reports_do(world, predicted):
    model, _ = predicted
    catalogue_only = _model(label_counts={**LABEL_COUNTS, "consensus": {"1": 0, "2": 0, "4": 0}})
    curator = token_client(world.users["curator"]).get("/api/triage/models/").json()["results"]
    shown = {row["id"]: row for row in curator}
    assert shown[model.pk]["label_counts"] == LABEL_COUNTS
    assert shown[model.pk]["roc_auc"] == 0.91
    assert shown[model.pk]["label_data_hidden"] is None
    for role in ("expert", "viewer"):
        rows = token_client(world.users[role]).get("/api/triage/models/").json()["results"]
        seen = {row["id"]: row for row in rows}
        assert seen[model.pk]["label_data_hidden"]
        assert seen[model.pk]["label_counts"] is None
        assert seen[model.pk]["roc_auc"] is None
        assert seen[model.pk]["confusion"] is None
        # a model that learned from the catalogue's classes alone shows them to everyone
        assert seen[catalogue_only.pk]["roc_auc"] == 0.91
        assert seen[catalogue_only.pk]["label_data_hidden"] is None


def test_curators_activate_a_ready_model_and_roll_back(world, predicted):
    model, older = predicted
    failed = _model(state=ModelState.FAILED, error="too few labels")
    expert = token_client(world.users["expert"])
    assert expert.post(f"/api/triage/models/{older.pk}/activate/").status_code == 403
    curator = token_client(world.users["curator"])
    response = curator.post(f"/api/triage/models/{failed.pk}/activate/")
    assert response.status_code == 409
    assert "failed" in str(response.json())
    response = curator.post(f"/api/triage/models/{older.pk}/activate/")
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is True
    assert response.json()["activated_by"] == world.users["curator"].username
    assert not TriageModel.objects.get(pk=model.pk).is_active
    # until the activated model's predictions are in, the latest of any model is served
    assert _prediction(world.users["viewer"], world.candidates[0])["prediction"]["model"] == model.pk
    response = curator.post("/api/triage/models/rollback/")
    assert response.status_code == 200
    assert response.json()["id"] == model.pk
    assert TriageModel.objects.get(is_active=True).pk == model.pk
    assert _prediction(world.users["viewer"], world.candidates[0])["prediction"]["model_active"] is True


def test_before_any_model_the_estimates_are_the_labels_alone(curator, expert, other_expert):
    world = build_unpredicted_world(curator, expert, other_expert)
    expected = labels_only_by_hand(world)

    response = token_client(curator).get("/api/triage/estimates/", {"campaign": world.random.name})

    assert response.status_code == 200
    body = response.json()
    assert body == campaign_estimates(world.random).as_json()
    # the OpenAPI schema documents the nulls: the answer validates against it
    document = (
        token_client(curator).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    operation = schemathesis.openapi.from_dict(document)["/api/triage/estimates/"]["GET"]
    operation.responses.find_by_status_code(200).validator.validate(body)
    assert (body["has_predictions"], body["population"], body["without_prediction"]) == (False, 38, 0)
    assert "no triage model has predicted" in body["predictions"]
    assert {(row["group"], row["key"]) for row in body["rows"]} == set(expected)
    for row in body["rows"]:
        candidates, labels, artifacts, wilson = expected[(row["group"], row["key"])]
        assert (row["candidates"], row["labels"], row["artifacts"]) == (candidates, labels, artifacts)
        assert (row["prediction_powered"], row["mean_prediction"]) == (None, None)
        assert row["note"] == "no prediction"
        if wilson is None:
            assert row["labels_only"] is None
        else:
            got = [row["labels_only"]["estimate"], *row["labels_only"]["interval_95"]]
            assert got == pytest.approx(wilson, abs=1e-12)
