"""Training, storing, evaluating and predicting on the sandbox's tiny universe, ingested through the real
pipeline: the stored figures are the ones the data give again, the file in storage is the model."""

import json

import numpy as np
import pytest
from django.core.files.storage import default_storage

from hcvvet.catalog.models import Candidate, Measurement
from hcvvet.triage.model import TrainingParameters
from hcvvet.triage.model_file import model_loads
from hcvvet.triage.models import HeldOutPrediction, ModelState, Prediction
from hcvvet.triage.services import (
    TriageError,
    features_refresh,
    model_activate,
    model_evaluate,
    model_load,
    model_train,
    predictions_refresh,
)
from hcvvet.triage.table import MODEL_FEATURES
from hcvvet.triage.training_set import training_labels, training_set
from tests.triage.conftest import SMALL

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_trained_model_reproduces_its_stored_metrics(tiny_catalogue):
    table = features_refresh()
    model = model_train(table=table, parameters=TrainingParameters(**SMALL), reason="test")
    model.refresh_from_db()
    assert model.state == ModelState.READY
    classified = Candidate.objects.filter(has_light_curve=True, hcv_expert_class__in=[1, 2, 4])
    assert sum(model.label_counts["catalogue"].values()) == classified.count()
    assert model.label_counts["catalogue"]["4"] == classified.filter(hcv_expert_class=4).count()
    assert model.metrics["artifact"]["n_items"] == classified.count()
    assert model.roc_auc == model.metrics["artifact"]["roc_auc"]
    assert sum(sum(row.values()) for row in model.confusion.values()) == classified.count()
    assert model.train_seconds > 0
    assert model.library_versions["lightgbm"]
    # each candidate it trained on keeps its out-of-fold P(artifact), the one the metrics were computed on
    held_out = dict(HeldOutPrediction.objects.filter(model=model).values_list("candidate_id", "p_artifact"))
    classes = dict(classified.values_list("pk", "hcv_expert_class"))
    assert set(held_out) == set(classes)
    brier = np.mean([(p - (classes[m] == 4)) ** 2 for m, p in held_out.items()])
    assert brier == pytest.approx(model.brier)

    report = model_evaluate(model)
    assert report["reproduces"]
    assert report["recomputed"]["metrics"] == model.metrics
    assert report["recomputed"]["confusion"] == model.confusion
    assert report["recomputed"]["training_set_hash"] == model.training_set_hash

    # One class changed: the training set is another one, and evaluation says so.
    changed = classified.filter(hcv_expert_class=1).first()
    Candidate.objects.filter(pk=changed.pk).update(hcv_expert_class=4)
    again = model_evaluate(model)
    assert not again["reproduces"]
    assert again["recomputed"]["training_set_hash"] != model.training_set_hash


def test_the_model_file_in_storage_predicts_every_candidate_as_the_trained_model(
    tiny_catalogue, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "bucket")},
        },
    }
    table = features_refresh()
    parameters = TrainingParameters(**SMALL)
    model = model_train(table=table, parameters=parameters)
    assert (tmp_path / "bucket" / model.file.name).is_file()
    assert default_storage.exists(model.file.name)
    with default_storage.open(model.file.name, "rb") as handle:
        assert model_loads(handle.read()).feature_names == MODEL_FEATURES

    # The same training in memory (training is deterministic) predicts exactly what the stored file does.
    items = training_set(table, training_labels(), MODEL_FEATURES)
    in_memory = items.fit(MODEL_FEATURES, parameters).model
    features = table.matrix(MODEL_FEATURES)
    stored = model_load(model).class_probabilities(features)
    np.testing.assert_array_equal(stored, in_memory.class_probabilities(features))

    with pytest.raises(TriageError, match="at least 50"):
        model_train(table=table, parameters=TrainingParameters(**{**SMALL, "folds": 50}))
    failed = type(model).objects.exclude(pk=model.pk).get()
    assert failed.state == ModelState.FAILED
    assert "at least 50" in failed.error
    with pytest.raises(TriageError, match="only a ready model"):
        model_activate(model=failed, user=None)

    model_activate(model=model, user=None)
    assert predictions_refresh(model=model) == table.match_id.size
    predictions = Prediction.objects.filter(model=model)
    assert predictions.count() == Candidate.objects.filter(has_light_curve=True).count()
    for prediction in predictions:
        row = int(np.searchsorted(table.match_id, prediction.candidate_id))
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
        assert prediction.p_artifact == pytest.approx(stored[row, 2])
        assert 1 <= len(prediction.reasons) <= 3
        assert all(reason["feature"] in MODEL_FEATURES and reason["text"] for reason in prediction.reasons)
        pushes = [r["contribution"] * (1 if prediction.p_artifact >= 0.5 else -1) for r in prediction.reasons]
        assert pushes == sorted(pushes, reverse=True)
        assert min(pushes) > 0
        epoch = Measurement.objects.get(pk=prediction.suspicious_measurement_id)
        assert (epoch.candidate_id, epoch.filter, epoch.mjd) == (
            prediction.candidate_id,
            prediction.suspicious_filter,
            prediction.suspicious_mjd,
        )
    json.dumps(list(predictions.values_list("reasons", flat=True)))

    # A model of another feature-set version cannot read today's features: it says so, it does not guess.
    type(model).objects.filter(pk=model.pk).update(feature_set_version="0")
    model.refresh_from_db()
    with pytest.raises(TriageError, match="train a new model"):
        predictions_refresh(model=model)
