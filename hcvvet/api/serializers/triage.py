"""Triage models and predictions, read-only: the services train, activate and predict.

A model's label data (counts, metrics, confusion, gold figures) rests on hcvvet's decided labels when it
learned from any: it is shown only to whom the label reports are (`LabelDataAccess`). A prediction is derived
from the classes it learned from, so it is hidden wherever the candidate's classes are (`candidate_hidden`).
"""

from rest_framework import serializers

from hcvvet.triage.models import Prediction, Shown, ShownPrediction, TriageModel


class TriageModelSerializer(serializers.ModelSerializer):
    """One model version. `label_data_hidden` says why the label data are null, when they are."""

    activated_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    label_data_hidden = serializers.SerializerMethodField(help_text="Why the label data are hidden, or null.")

    class Meta:
        model = TriageModel
        fields = ("id", *TriageModel.RECORD_FIELDS, "label_data_hidden", *TriageModel.LABEL_DATA_FIELDS)
        read_only_fields = fields

    def _hidden_because(self, model: TriageModel) -> str | None:
        refusal = self.context.get("label_data_refusal")
        return refusal if refusal is not None and model.rests_on_hcvvet_labels() else None

    def get_label_data_hidden(self, model: TriageModel) -> str | None:
        return self._hidden_because(model)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self._hidden_because(instance):
            data.update(dict.fromkeys(TriageModel.LABEL_DATA_FIELDS))
        return data


class ReasonSerializer(serializers.Serializer):
    feature = serializers.CharField()
    contribution = serializers.FloatField(help_text="Log-odds of artifact this feature added.")
    text = serializers.CharField()


class SuspiciousEpochSerializer(serializers.Serializer):
    measurement_id = serializers.IntegerField(source="suspicious_measurement_id", allow_null=True)
    mjd = serializers.FloatField(source="suspicious_mjd", allow_null=True)
    filter = serializers.CharField(source="suspicious_filter")


class PredictionSerializer(serializers.ModelSerializer):
    """The model's calibrated ExpertClass probabilities for one candidate, its three strongest reasons and
    the epoch it finds most suspicious (the lead filter's most deviant one)."""

    match_id = serializers.IntegerField(source="candidate_id")
    model = serializers.IntegerField(source="model_id")
    model_active = serializers.BooleanField(source="model.is_active")
    probabilities = serializers.SerializerMethodField()
    reasons = ReasonSerializer(many=True)
    suspicious_epoch = SuspiciousEpochSerializer(source="*")

    class Meta:
        model = Prediction
        fields = (
            "match_id",
            "model",
            "model_active",
            "probabilities",
            "reasons",
            "suspicious_epoch",
            "created_at",
        )

    def get_probabilities(self, prediction: Prediction) -> dict[str, float]:
        return {str(cls): p for cls, p in prediction.probabilities.items()}


class CandidatePredictionSerializer(serializers.Serializer):
    """A candidate's prediction as its viewer may see it: null while the candidate's classes are hidden from
    them (a blind campaign waits for their vote) or before any model predicted it."""

    match_id = serializers.IntegerField()
    hidden = serializers.BooleanField(
        help_text="True while a blind campaign you vote in waits for your vote."
    )
    prediction = PredictionSerializer(allow_null=True)


class ShownClaimSerializer(serializers.Serializer):
    """What a client displayed of the model: the prediction's model version and probabilities, as the review
    page's JSON (`model.prediction`) and `GET /api/triage/predictions/{match_id}/` give them."""

    model = serializers.IntegerField(min_value=1)
    probabilities = serializers.DictField(
        child=serializers.FloatField(min_value=0, max_value=1), help_text='{"1": p, "2": p, "4": p}'
    )


class ShownPredictionSerializer(serializers.ModelSerializer):
    """One label's record of what its expert was shown of the model. `probabilities` is the model's
    prediction kept with the record (shown when `shown` is before or after); for a label saved without one
    shown, only those allowed the anchoring report see it."""

    label = serializers.IntegerField(source="label_id", help_text="The label's id (`/api/labels/{id}/`).")
    campaign = serializers.IntegerField(source="label.campaign_id", help_text="The label's campaign.")
    candidate = serializers.IntegerField(source="label.candidate_id", help_text="MatchID.")
    expert = serializers.CharField(source="label.expert.username", help_text="Whose label.")
    probabilities = serializers.SerializerMethodField(help_text='{"1": p, "2": p, "4": p}, or null.')

    class Meta:
        model = ShownPrediction
        fields = (
            "label",
            "campaign",
            "candidate",
            "expert",
            "expert_class",
            "display",
            "shown",
            "model_version",
            "probabilities",
            "recorded_at",
        )

    def get_probabilities(self, record: ShownPrediction) -> dict[str, float] | None:
        probabilities = record.probabilities
        unseen = record.shown not in (Shown.BEFORE, Shown.AFTER)
        if probabilities is None or (unseen and not self.context.get("reads_unseen")):
            return None
        return {str(cls): p for cls, p in probabilities.items()}


class AnchoringRowSerializer(serializers.Serializer):
    shown = serializers.CharField(help_text="before, after, none (not shown), unknown (client did not say).")
    shown_name = serializers.CharField()
    labels = serializers.IntegerField(help_text="Labels with a model prediction to compare with.")
    agree = serializers.IntegerField(help_text="Of those, labels whose class is the model's class.")
    share = serializers.FloatField(allow_null=True)
    interval_95 = serializers.ListField(child=serializers.FloatField(), allow_null=True, help_text="Wilson.")
    without_prediction = serializers.IntegerField(help_text="Labels saved before any model predicted.")


class AnchoringSerializer(serializers.Serializer):
    campaign = serializers.CharField(allow_null=True)
    rows = AnchoringRowSerializer(many=True)


class EstimateIntervalSerializer(serializers.Serializer):
    estimate = serializers.FloatField()
    interval_95 = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class EstimateRowSerializer(serializers.Serializer):
    group = serializers.CharField(help_text="all, mad, auto_class or instrument.")
    key = serializers.CharField(
        help_text="MAD bin index, AutoClass, instrument (ACS+WFC3: both); empty for all."
    )
    name = serializers.CharField()
    mad_lo = serializers.FloatField(allow_null=True, help_text="MAD bin edges (mag), MAD rows only.")
    mad_hi = serializers.FloatField(allow_null=True)
    candidates = serializers.IntegerField(help_text="Non-gold candidates of the campaign in the group.")
    labels = serializers.IntegerField(help_text="Decided labels of the random sample used.")
    artifacts = serializers.IntegerField(help_text="Of those, class 4.")
    mean_prediction = serializers.FloatField(
        allow_null=True,
        help_text="Mean P(artifact) over the group; null when no model predicted the campaign.",
    )
    prediction_powered = EstimateIntervalSerializer(
        allow_null=True,
        help_text="Prediction-powered estimate and CLT interval; null with too few labels or no prediction.",
    )
    labels_only = EstimateIntervalSerializer(
        allow_null=True, help_text="Share of the labels and its Wilson interval; null without labels."
    )
    note = serializers.CharField(
        help_text='Why an estimate is null ("too few labels", "no prediction"), or empty.'
    )


class EstimatesSerializer(serializers.Serializer):
    campaign = serializers.CharField()
    order = serializers.CharField(help_text="The campaign's queue order.")
    design = serializers.ChoiceField(choices=("random", "audit", "sampled"), help_text="Which labels count.")
    labels_used = serializers.CharField()
    labels_only_unbiased = serializers.BooleanField(
        help_text="False when the labels were drawn with unequal probabilities: their share is biased."
    )
    has_predictions = serializers.BooleanField(
        help_text="False when no model has predicted the campaign's candidates: labels-only estimates alone."
    )
    predictions = serializers.CharField(
        help_text="Which model's P(artifact); if none, says so: only the labels-only estimate is given."
    )
    population = serializers.IntegerField(
        help_text="Non-gold candidates with a prediction; all of them when no model has predicted any."
    )
    without_prediction = serializers.IntegerField(help_text="Non-gold candidates left out for want of one.")
    confidence_level = serializers.FloatField()
    rows = EstimateRowSerializer(many=True)
