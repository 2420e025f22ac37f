"""Triage records: stored features per candidate, versioned models (their file in Django storage) and the
predictions each model made, with reasons an expert can check.

Measurements are named by id (no foreign key): an ingest re-run may replace them, and a prediction must not
make that delete slow or fail; a stale id simply names no measurement.
"""

from typing import ClassVar

import numpy as np
from django.db import models
from django.db.models import Q

from hcvvet.accounts.fields import account_reference
from hcvvet.catalog.models import Candidate

# Feature values are stored as little-endian float64, NaN for missing, in the order of the feature set's
# names (`table.MODEL_FEATURES` of that version).
FEATURE_DTYPE = np.dtype("<f8")


class FeatureSet(models.Model):
    """The triage features of one candidate under one feature-set version."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="triage_features")
    version = models.CharField(max_length=16, help_text="Feature-set version (triage/table.py).")
    values = models.BinaryField(help_text="float64 array (little-endian) in the version's feature order.")
    lead_filter = models.CharField(max_length=16, help_text="The filter the light-curve features describe.")
    outlier_measurement_id = models.BigIntegerField(
        null=True, blank=True, help_text="The lead light curve's most deviant epoch (a Measurement id)."
    )
    outlier_mjd = models.FloatField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["candidate_id", "version"]
        constraints = (
            models.UniqueConstraint(fields=["candidate", "version"], name="triage_features_one_per_version"),
        )
        indexes = (models.Index(fields=["version", "candidate"], name="triage_features_version"),)

    def __str__(self) -> str:
        return f"{self.candidate_id} v{self.version}"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.values), dtype=FEATURE_DTYPE)


class ModelState(models.TextChoices):
    TRAINING = "training", "training"
    READY = "ready", "ready"
    FAILED = "failed", "failed"


class TriageModel(models.Model):
    """One trained model: a version (its id), what it learned from, how well it did, its file.

    Metrics are cross-validated on the training items (out-of-fold, with out-of-fold calibration, as
    `triage/model.py` computes them); `gold_metrics` judge the delivered model on the gold candidates, which
    training never sees. At most one model is active (serves predictions) and at most one is training.
    """

    state = models.CharField(max_length=8, choices=ModelState.choices, default=ModelState.TRAINING)
    error = models.TextField(blank=True, help_text="Why training failed.")
    reason = models.CharField(
        max_length=120, blank=True, help_text="What started the training (command, schedule, new labels)."
    )
    feature_set_version = models.CharField(max_length=16)
    feature_names = models.JSONField(default=list, blank=True)
    parameters = models.JSONField(
        default=dict, blank=True, help_text="LightGBM and cross-validation settings."
    )
    training_set_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the training items: MatchIDs, classes, weights, features.",
    )
    label_counts = models.JSONField(
        default=dict, blank=True, help_text="Training items per label source and ExpertClass."
    )
    labels_through = models.DateTimeField(
        null=True, blank=True, help_text="hcvvet's decided labels up to this time were read."
    )
    library_versions = models.JSONField(default=dict, blank=True)
    roc_auc = models.FloatField(null=True, blank=True, help_text="Artifact against real, cross-validated.")
    brier = models.FloatField(null=True, blank=True, help_text="Brier score of P(artifact), cross-validated.")
    calibration_error = models.FloatField(
        null=True,
        blank=True,
        help_text="Expected calibration error of P(artifact), 10 bins, cross-validated.",
    )
    confusion = models.JSONField(
        default=dict,
        blank=True,
        help_text="Cross-validated counts: true ExpertClass -> predicted ExpertClass.",
    )
    metrics = models.JSONField(default=dict, blank=True, help_text="Every cross-validated figure.")
    gold_metrics = models.JSONField(
        default=dict, blank=True, help_text="The delivered model on the held-out gold candidates."
    )
    train_seconds = models.FloatField(null=True, blank=True)
    file = models.FileField(upload_to="triage/models/", blank=True)
    is_active = models.BooleanField(default=False)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = account_reference()
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    trained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-id"]
        constraints = (
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_model"
            ),
            models.UniqueConstraint(
                fields=["state"], condition=Q(state=ModelState.TRAINING), name="one_model_training"
            ),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(state=ModelState.READY), name="active_model_is_ready"
            ),
        )

    def __str__(self) -> str:
        return f"triage model {self.pk} ({self.get_state_display()}{', active' if self.is_active else ''})"

    # What a model is and how it came about, for every reader (the API, the admin).
    RECORD_FIELDS: ClassVar = (
        "state",
        "error",
        "reason",
        "is_active",
        "activated_at",
        "activated_by",
        "created_at",
        "trained_at",
        "train_seconds",
        "labels_through",
        "feature_set_version",
        "feature_names",
        "parameters",
        "library_versions",
    )
    # Fields that rest on the labels the model learned from (README "Blind review"; `rests_on_hcvvet_labels`).
    LABEL_DATA_FIELDS: ClassVar = (
        "roc_auc",
        "brier",
        "calibration_error",
        "label_counts",
        "confusion",
        "metrics",
        "gold_metrics",
        "training_set_hash",
    )

    def rests_on_hcvvet_labels(self) -> bool:
        """Whether the model learned from hcvvet's decided labels or was judged on gold candidates: its label
        data then go only to whom the label reports over every campaign go."""
        counts = self.label_counts or {}
        decided = sum(sum(counts.get(source, {}).values()) for source in ("consensus", "adjudicated"))
        return bool(decided or self.gold_metrics)


class HeldOutPrediction(models.Model):
    """A model's P(artifact) of a candidate whose class it trained on, from its cross-fitting: the fold
    model that did not see that class. The catalogue estimates read it instead of `Prediction.p_artifact`,
    which fits the class the model learned and would shrink the labels' correction (`estimates`)."""

    model = models.ForeignKey(TriageModel, on_delete=models.CASCADE, related_name="held_out")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    p_artifact = models.FloatField(help_text="P(ExpertClass 4), calibrated, out of fold.")

    class Meta:
        constraints = (models.UniqueConstraint(fields=["model", "candidate"], name="held_out_one_per_model"),)

    def __str__(self) -> str:
        return f"{self.candidate_id} by model {self.model_id}, out of fold: P(artifact)={self.p_artifact:.2f}"


class Prediction(models.Model):
    """One model's calibrated ExpertClass probabilities for one candidate, its top three reasons, and the
    epoch it finds most suspicious."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="triage_predictions")
    model = models.ForeignKey(TriageModel, on_delete=models.CASCADE, related_name="predictions")
    p_high_confidence = models.FloatField(help_text="P(ExpertClass 1).")
    p_probable = models.FloatField(help_text="P(ExpertClass 2).")
    p_artifact = models.FloatField(help_text="P(ExpertClass 4), calibrated.")
    reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Top three: feature, its contribution (log-odds of artifact), text.",
    )
    suspicious_measurement_id = models.BigIntegerField(null=True, blank=True)
    suspicious_mjd = models.FloatField(null=True, blank=True)
    suspicious_filter = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["candidate_id", "-model_id"]
        constraints = (
            models.UniqueConstraint(fields=["model", "candidate"], name="prediction_one_per_model"),
            models.CheckConstraint(
                condition=Q(p_artifact__gte=0) & Q(p_artifact__lte=1), name="prediction_p_artifact_valid"
            ),
        )
        indexes = (models.Index(fields=["candidate", "model"], name="prediction_candidate"),)

    def __str__(self) -> str:
        return f"{self.candidate_id} by model {self.model_id}: P(artifact)={self.p_artifact:.2f}"

    @property
    def probabilities(self) -> dict[int, float]:
        return {1: self.p_high_confidence, 2: self.p_probable, 4: self.p_artifact}


class Shown(models.TextChoices):
    BEFORE = "before", "before the vote"
    AFTER = "after", "after the vote"
    NONE = "none", "nothing"
    UNKNOWN = "unknown", "not said (an API client that did not say what it showed)"


class ShownPrediction(models.Model):
    """What an expert was shown of the model when they saved a label: the record anchoring is measured on.

    `shown` says whether and when the prediction was on the expert's screen (`display.py` decides, from the
    campaign's `model_display` and the blind rules); `model_version` and the probabilities are the active
    model's prediction of the candidate at that moment, the one displayed when `shown` is before or after,
    and for `none` the one the expert did not see (what anchoring compares them with; null without one).
    The review page (and an API client that says so) sends what it displayed, and the server checks it is
    what it would show before the label is saved. One row per label, rewritten when the vote changes.
    """

    label = models.OneToOneField(
        "vetting.Label", on_delete=models.CASCADE, related_name="shown_prediction", primary_key=True
    )
    display = models.CharField(
        max_length=8, help_text="The campaign's model_display when the label was saved."
    )
    shown = models.CharField(max_length=8, choices=Shown.choices)
    model = models.ForeignKey(
        TriageModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="shown_records"
    )
    model_version = models.PositiveIntegerField(null=True, blank=True, help_text="Kept if the model goes.")
    p_high_confidence = models.FloatField(null=True, blank=True)
    p_probable = models.FloatField(null=True, blank=True)
    p_artifact = models.FloatField(null=True, blank=True)
    expert_class = models.SmallIntegerField(help_text="The label's class when it was saved.")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-recorded_at"]
        constraints = (
            models.CheckConstraint(
                condition=Q(shown__in=["none", "unknown"]) | Q(model_version__isnull=False),
                name="shown_prediction_has_model",
            ),
        )
        indexes = (models.Index(fields=["shown", "recorded_at"], name="shown_prediction_kind"),)

    def __str__(self) -> str:
        return f"label {self.label_id}: {self.shown} (model {self.model_version})"

    @property
    def probabilities(self) -> dict[int, float] | None:
        if self.p_high_confidence is None or self.p_probable is None or self.p_artifact is None:
            return None
        return {1: self.p_high_confidence, 2: self.p_probable, 4: self.p_artifact}
