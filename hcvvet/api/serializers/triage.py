"""Triage models and predictions, read-only: the services train, activate and predict.

A model's label data (counts, metrics, confusion, gold figures) rests on hcvvet's decided labels when it
learned from any: it is shown only to whom the label reports are (`LabelDataAccess`). A prediction is derived
from the classes it learned from, so it is hidden wherever the candidate's classes are (`candidate_hidden`).
"""

from rest_framework import serializers

from hcvvet.triage.models import Prediction, TriageModel


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
