"""Labels: an expert's votes, their changes and skips, and the event history."""

from rest_framework import serializers

from hcvvet.catalog.models import Candidate
from hcvvet.vetting.labels import MAX_COMMENT_CHARS
from hcvvet.vetting.models import Campaign, Label, LabelEvent, ReasonCode

from .campaigns import CampaignRefSerializer
from .fields import LABEL_CLASS_CHOICES, IdRelatedField
from .triage import ShownClaimSerializer


class LabelSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username", read_only=True)
    candidate = serializers.IntegerField(source="candidate_id", read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)

    class Meta:
        model = Label
        fields = (
            "id",
            "campaign",
            "candidate",
            "expert",
            "expert_class",
            "skipped",
            "reasons",
            "comment",
            "seconds_spent",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class LabelWriteSerializer(serializers.Serializer):
    """A vote or a change of one's own vote. The services check the campaign, membership and room for a
    vote."""

    campaign = IdRelatedField(
        queryset=Campaign.objects.all(), required=False, help_text="Default: the default campaign."
    )
    candidate = IdRelatedField(queryset=Candidate.objects.all(), help_text="MatchID.")
    expert_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonCode.choices), required=False, default=list, max_length=20
    )
    comment = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=MAX_COMMENT_CHARS
    )
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)
    shown = ShownClaimSerializer(
        required=False,
        allow_null=True,
        help_text="What your client displayed of the model before this vote (null: nothing). Checked "
        "against what the review page would show (400 on `shown` if it differs) and recorded with the label; "
        "leave it out if your client does not say (recorded as unknown).",
    )


class LabelChangeSerializer(serializers.Serializer):
    expert_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES, required=False)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonCode.choices), required=False, max_length=20
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT_CHARS)
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class SkipSerializer(CampaignRefSerializer):
    candidate = IdRelatedField(queryset=Candidate.objects.all(), help_text="MatchID.")
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class LabelEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    candidate = serializers.IntegerField(source="candidate_id", allow_null=True)
    label = serializers.IntegerField(source="label_id", allow_null=True)

    class Meta:
        model = LabelEvent
        fields = ("id", "kind", "actor", "campaign", "candidate", "label", "before", "after", "created_at")
