"""Triage services: features computed and stored in bulk, models trained (file in Django storage),
activated and rolled back, predictions for every candidate, evaluation.

Training and prediction read the catalogue in a few set-based queries (`selectors.candidate_feature_table`)
and write in chunks, each chunk its own transaction, so a label save never waits behind a whole run.
"""

import dataclasses
import json
import logging
import math
import time
from collections.abc import Iterable, Sequence
from datetime import timedelta
from itertools import islice

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from hcvvet.accounts.models import User
from hcvvet.catalog.services import bulk_upsert
from hcvvet.vetting.errors import VettingError

from .calibration import brier_score, calibration_error, roc_auc
from .model import (
    DEFAULT_PARAMETERS,
    EXPERT_CLASSES,
    TrainedExpertClassModel,
    TrainingParameters,
)
from .model_file import model_dumps, model_loads
from .models import FEATURE_DTYPE, FeatureSet, HeldOutPrediction, ModelState, Prediction, TriageModel
from .reasons import reasons_of_rows
from .selectors import candidate_feature_table
from .table import FEATURE_SET_VERSION, MODEL_FEATURES, FeatureTable
from .training_set import decisions_since, rows_of, training_labels, training_set

log = logging.getLogger(__name__)
WRITE_CHUNK = 2_000
FEATURE_FIELDS = (
    "candidate",
    "version",
    "values",
    "lead_filter",
    "outlier_measurement_id",
    "outlier_mjd",
    "computed_at",
)
PREDICTION_FIELDS = (
    "model",
    "candidate",
    "p_high_confidence",
    "p_probable",
    "p_artifact",
    "reasons",
    "suspicious_measurement_id",
    "suspicious_mjd",
    "suspicious_filter",
    "created_at",
)
# A new model replaces the active one automatically unless its cross-validated ROC AUC is worse by more than
# this (a curator can still activate it, or roll back).
AUTO_ACTIVATE_AUC_TOLERANCE = 0.02


class TriageError(VettingError):
    """The current state does not allow this (a model already training, too few labels, not ready)."""

    status = 409


# --- Features -----------------------------------------------------------------------------------------------


def features_refresh() -> FeatureTable:
    """Compute every candidate's features (`FEATURE_SET_VERSION`) and store them, replacing every stored row
    (those of candidates that lost their light curve and of other versions go). Returns the table."""
    table = candidate_feature_table()
    now = timezone.now()
    computed_at = connection.ops.adapt_datetimefield_value(now)
    matrix = np.ascontiguousarray(table.matrix(MODEL_FEATURES), dtype=FEATURE_DTYPE)
    outlier_ids = table.columns["outlier_measurement_id"].tolist()
    outlier_mjds = table.columns["outlier_mjd"].tolist()
    rows = (
        (
            match_id,
            table.version,
            matrix[i].tobytes(),
            band,
            _int_or_none(outlier_ids[i]),
            _float_or_none(outlier_mjds[i]),
            computed_at,
        )
        for i, (match_id, band) in enumerate(
            zip(table.match_id.tolist(), table.lead_filter.astype(str).tolist(), strict=True)
        )
    )
    _upsert_in_chunks(FeatureSet, FEATURE_FIELDS, rows, unique_fields=("candidate", "version"))
    FeatureSet.objects.filter(Q(computed_at__lt=now) | ~Q(version=table.version)).delete()
    return table


def stored_features(match_ids: list[int], version: str = FEATURE_SET_VERSION) -> dict[int, np.ndarray]:
    """The stored feature rows of `match_ids` under `version`, by MatchID."""
    rows = FeatureSet.objects.filter(version=version, candidate_id__in=match_ids).values_list(
        "candidate_id", "values"
    )
    return {pk: np.frombuffer(bytes(values), dtype=FEATURE_DTYPE) for pk, values in rows}


# --- Training -----------------------------------------------------------------------------------------------


def model_train(
    *,
    table: FeatureTable | None = None,
    reason: str = "",
    user: User | None = None,
    parameters: TrainingParameters = DEFAULT_PARAMETERS,
) -> TriageModel:
    """Train a new model version on the labelled candidates (gold held out) and store its file.

    Raises TriageError when another model is training. A training that fails (too few labels of a class)
    leaves a FAILED row with the reason, and raises TriageError."""
    try:
        with transaction.atomic():
            model = TriageModel.objects.create(
                state=ModelState.TRAINING,
                reason=reason[:120],
                created_by=user,
                feature_set_version=FEATURE_SET_VERSION,
                feature_names=list(MODEL_FEATURES),
                parameters=dataclasses.asdict(parameters),
            )
    except IntegrityError as error:
        raise TriageError("Another model is training now: wait for it to finish.") from error
    try:
        _train_into(model, table, parameters)
    except ValueError as error:
        _fail(model, str(error))
        raise TriageError(f"Training failed: {error}") from error
    except BaseException as error:  # a time limit, a lost connection: never leave a row "training"
        _fail(model, f"{type(error).__name__}: {error}")
        raise
    return model


def _fail(model: TriageModel, message: str) -> None:
    model.state = ModelState.FAILED
    model.error = message
    model.save(update_fields=["state", "error"])


def _train_into(model: TriageModel, table: FeatureTable | None, parameters: TrainingParameters) -> None:
    t0 = time.perf_counter()
    table = candidate_feature_table() if table is None else table
    labels = training_labels()
    items = training_set(table, labels, MODEL_FEATURES)
    trained = items.fit(MODEL_FEATURES, parameters)
    seconds = time.perf_counter() - t0
    model.training_set_hash = items.digest(table.version)
    model.label_counts = {**items.counts(), "gold_held_out": int(labels.gold_match_id.size)}
    model.labels_through = labels.through
    model.library_versions = trained.model.artifact.library_versions
    metrics = trained.artifact_metrics
    model.roc_auc = _json_number(metrics.roc_auc)
    model.brier, model.calibration_error = metrics.brier, metrics.calibration_error
    model.confusion = confusion_dict(trained.confusion)
    model.metrics = metrics_dict(trained)
    model.gold_metrics = gold_metrics(trained.model, table, labels.gold_match_id, labels.gold_class)
    model.train_seconds = seconds
    model.file.save(f"model-{model.pk}.json", ContentFile(model_dumps(trained.model)), save=False)
    held_out = trained.out_of_fold_probabilities[:, 2].tolist()
    _upsert_in_chunks(
        HeldOutPrediction,
        ("model", "candidate", "p_artifact"),
        ((model.pk, m, p) for m, p in zip(items.match_id.tolist(), held_out, strict=True)),
        unique_fields=("model", "candidate"),
    )
    model.state = ModelState.READY
    model.trained_at = timezone.now()
    model.save()


def metrics_dict(trained: TrainedExpertClassModel) -> dict[str, dict]:
    """Both classifiers' cross-validated figures as JSON (a figure that cannot be computed is null)."""
    return {
        name: {key: _json_number(value) for key, value in dataclasses.asdict(metrics).items()}
        for name, metrics in (
            ("artifact", trained.artifact_metrics),
            ("high_confidence", trained.high_confidence_metrics),
        )
    }


def confusion_dict(confusion: np.ndarray) -> dict[str, dict[str, int]]:
    """{"true class": {"predicted class": count}}."""
    return {
        str(t): {str(p): int(confusion[i, j]) for j, p in enumerate(EXPERT_CLASSES)}
        for i, t in enumerate(EXPERT_CLASSES)
    }


def gold_metrics(model, table: FeatureTable, gold_ids: np.ndarray, gold_class: np.ndarray) -> dict:
    """The delivered model's figures on the gold candidates (held out of training); {} without any."""
    at, found = rows_of(table, gold_ids)
    if not found.any():
        return {}
    probabilities = model.class_probabilities(table.matrix(MODEL_FEATURES)[at])
    y = gold_class[found]
    predicted = np.asarray(EXPERT_CLASSES)[np.argmax(probabilities, axis=1)]
    is_artifact = y == 4
    return {
        "n_items": int(y.size),
        "n_artifacts": int(is_artifact.sum()),
        "roc_auc": _json_number(roc_auc(labels=is_artifact, scores=probabilities[:, 2])),
        "brier": brier_score(labels=is_artifact, probabilities=probabilities[:, 2]),
        "calibration_error": calibration_error(labels=is_artifact, probabilities=probabilities[:, 2]),
        "accuracy": float(np.mean(predicted == y)),
    }


def model_load(model: TriageModel):
    """The ExpertClassModel of a READY model, read from Django storage."""
    if model.state != ModelState.READY or not model.file:
        raise TriageError(f"Model {model.pk} is {model.get_state_display()}: it has no file to read.")
    with model.file.open("rb") as handle:
        return model_loads(handle.read())


# --- Activation ---------------------------------------------------------------------------------------------


def model_activate(*, model: TriageModel, user: User | None, queue_predictions: bool = False) -> TriageModel:
    """Make `model` the one that serves predictions (a READY model only); with `queue_predictions`, queue
    its predictions for every candidate once the transaction commits (until they are in, each candidate's
    latest prediction of any model is served)."""
    with transaction.atomic():
        model = TriageModel.objects.select_for_update().get(pk=model.pk)
        if model.state != ModelState.READY:
            raise TriageError(f"Model {model.pk} is {model.get_state_display()}: only a ready model serves.")
        if model.is_active:
            return model
        TriageModel.objects.filter(is_active=True).update(is_active=False)
        model.is_active = True
        model.activated_at = timezone.now()
        model.activated_by = user
        model.save(update_fields=["is_active", "activated_at", "activated_by"])
    if queue_predictions:
        from .tasks import predict  # the tasks module imports this one

        transaction.on_commit(lambda: predict.delay(model.pk))
    return model


def model_rollback(*, user: User | None, queue_predictions: bool = False) -> TriageModel:
    """Activate again the model that was active before the current one (the most recently activated other
    READY model)."""
    previous = (
        TriageModel.objects.filter(state=ModelState.READY, activated_at__isnull=False, is_active=False)
        .order_by("-activated_at", "-pk")
        .first()
    )
    if previous is None:
        raise TriageError("No earlier model was ever active: nothing to roll back to.")
    return model_activate(model=previous, user=user, queue_predictions=queue_predictions)


def active_model() -> TriageModel | None:
    return TriageModel.objects.filter(is_active=True).first()


def _should_activate(model: TriageModel) -> bool:
    current = active_model()
    if current is None or current.roc_auc is None:
        return True
    return model.roc_auc is not None and model.roc_auc >= current.roc_auc - AUTO_ACTIVATE_AUC_TOLERANCE


# --- Predictions --------------------------------------------------------------------------------------------


def predictions_refresh(*, model: TriageModel | None = None, table: FeatureTable | None = None) -> int:
    """Predict every candidate with features under `model` (the active one by default), replacing its
    earlier predictions; then drop the predictions of models that are not active. Returns the count."""
    model = model or active_model()
    if model is None:
        raise TriageError("No model is active: train one first (manage.py triage train).")
    classifier = model_load(model)
    table = candidate_feature_table() if table is None else table
    if model.feature_set_version != table.version:
        raise TriageError(
            f"Model {model.pk} was trained on feature set {model.feature_set_version}, not the current "
            f"{table.version}: train a new model."
        )
    names = tuple(model.feature_names)
    features = table.matrix(names)
    probabilities = classifier.class_probabilities(features)
    contributions = classifier.artifact.contributions(features) if features.size else np.empty((0, 0))
    bands = table.lead_filter.astype(str).tolist()
    reasons = reasons_of_rows(
        feature_names=names,
        values=features,
        contributions=contributions,
        p_artifact=probabilities[:, 2],
        bands=bands,
    )
    now = timezone.now()
    outlier_ids = table.columns["outlier_measurement_id"].tolist()
    outlier_mjds = table.columns["outlier_mjd"].tolist()
    created_at = connection.ops.adapt_datetimefield_value(now)
    rows = (
        (
            model.pk,
            match_id,
            p1,
            p2,
            p4,
            json.dumps(reasons[i]),
            _int_or_none(outlier_ids[i]),
            _float_or_none(outlier_mjds[i]),
            bands[i],
            created_at,
        )
        for i, (match_id, (p1, p2, p4)) in enumerate(
            zip(table.match_id.tolist(), probabilities.tolist(), strict=True)
        )
    )
    _upsert_in_chunks(Prediction, PREDICTION_FIELDS, rows, unique_fields=("model", "candidate"))
    Prediction.objects.filter(model=model, created_at__lt=now).delete()
    Prediction.objects.filter(~Q(model__is_active=True) & ~Q(model=model)).delete()
    return int(table.match_id.size)


def _upsert_in_chunks(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple], *, unique_fields: Sequence[str]
) -> None:
    """Insert `rows` (tuples of database values in `fields` order, foreign keys by id), or update the other
    fields of the row with the same `unique_fields` (a unique constraint), in chunks of WRITE_CHUNK, each
    chunk its own transaction, through the catalogue's set-based `bulk_upsert` (COPY on PostgreSQL, one
    executemany on SQLite): `bulk_create` builds a model instance per row and, on SQLite, a statement per
    99 rows, which made storing 83,000 predictions or feature rows take most of their time."""
    column_of = {field.name: str(field.column) for field in model._meta.concrete_fields}
    columns = [column_of[name] for name in fields]
    conflict = [column_of[name] for name in unique_fields]
    update = [column for column in columns if column not in conflict]
    rows = iter(rows)
    while chunk := list(islice(rows, WRITE_CHUNK)):
        bulk_upsert(model, columns, chunk, conflict=conflict, update=update)


# --- Evaluation ---------------------------------------------------------------------------------------------


def model_evaluate(model: TriageModel) -> dict:
    """Recompute `model`'s figures from the data as it stands: the training set (its hash says whether it is
    still the one the model was trained on), the cross-validated metrics with the model's own parameters, and
    the stored file's figures on the gold candidates. `reproduces` is True when the training set is unchanged
    and every recomputed figure equals the stored one."""
    if model.state != ModelState.READY:
        raise TriageError(f"Model {model.pk} is {model.get_state_display()}: nothing to evaluate.")
    table = candidate_feature_table()
    labels = training_labels()
    items = training_set(table, labels, tuple(model.feature_names))
    parameters = TrainingParameters(**model.parameters)
    trained = items.fit(tuple(model.feature_names), parameters)
    recomputed = {
        "training_set_hash": items.digest(table.version),
        "metrics": metrics_dict(trained),
        "confusion": confusion_dict(trained.confusion),
        "gold_metrics": gold_metrics(model_load(model), table, labels.gold_match_id, labels.gold_class),
    }
    stored = {
        "training_set_hash": model.training_set_hash,
        "metrics": model.metrics,
        "confusion": model.confusion,
        "gold_metrics": model.gold_metrics,
    }
    return {"model": model.pk, "stored": stored, "recomputed": recomputed, "reproduces": stored == recomputed}


# --- Retraining ---------------------------------------------------------------------------------------------


def retrain_due() -> bool:
    """Whether HCVVET_TRIAGE_RETRAIN_EVERY (> 0) decided labels were made since the latest model, whatever
    became of it, read its labels (or since ever, before any model); never while one is training."""
    every = int(getattr(settings, "HCVVET_TRIAGE_RETRAIN_EVERY", 0))
    if every <= 0:
        return False
    latest = TriageModel.objects.order_by("-id").first()
    if latest is not None and latest.state == ModelState.TRAINING:
        return False
    since = None if latest is None else latest.labels_through or latest.created_at
    return decisions_since(since) >= every


def retrain(*, reason: str, user: User | None = None) -> TriageModel:
    """Features, a new model, its activation when it is not worse than the active one (`_should_activate`),
    and predictions for every candidate when it is active."""
    table = features_refresh()
    model = model_train(table=table, reason=reason, user=user)
    if _should_activate(model):
        model = model_activate(model=model, user=user)
        predictions_refresh(model=model, table=table)
    return model


def release_stale_training(*, older_than_seconds: float) -> int:
    """Mark FAILED the models still 'training' after `older_than_seconds` (their worker died), so training
    can start again. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return TriageModel.objects.filter(state=ModelState.TRAINING, created_at__lt=cutoff).update(
        state=ModelState.FAILED, error="The training worker stopped before it finished."
    )


def _int_or_none(value) -> int | None:
    return int(value) if math.isfinite(value) else None


def _float_or_none(value) -> float | None:
    return float(value) if math.isfinite(value) else None


def _json_number(value: float | int) -> float | int | None:
    """A number JSON (and PostgreSQL's jsonb) can hold: NaN and infinities become null."""
    return None if isinstance(value, float) and not math.isfinite(value) else value
