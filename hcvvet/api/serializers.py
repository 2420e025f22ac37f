"""API serializers: read shapes of the catalogue and the vetting records, and validated input forms.

Serializers never write: views pass validated input to the owning app's services.
"""

from rest_framework import serializers

from hcvvet.catalog.models import LABEL_CLASSES, Candidate, Cutout, FilterStat, Measurement
from hcvvet.vetting.labels import MAX_COMMENT_CHARS
from hcvvet.vetting.models import Campaign, Label, LabelEvent, ReasonCode

LABEL_CLASS_CHOICES = [(int(c), c.label) for c in LABEL_CLASSES]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    username = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class FilterStatSerializer(serializers.ModelSerializer):
    class Meta:
        model = FilterStat
        fields = [
            "filter",
            "filter_det_flag",
            "var_qual_flag",
            "num_lc",
            "mean_mag",
            "mean_corr_mag",
            "mad",
            "chi2",
            "mad_threshold",
            "vetted_mad",
            "vetted_chi2",
            "vetted_num_lc",
            "lc_mismatch",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")

    class Meta:
        model = Measurement
        fields = [
            "id",
            "filter",
            "image",
            "mjd",
            "mag",
            "corr_mag",
            "mag_err",
            "ci",
            "d",
            "rejected",
            "rejected_source",
            "rejected_reason",
        ]


class CutoutSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")
    filter = serializers.CharField(source="image.filter")
    mjd = serializers.FloatField(source="image.mjd", allow_null=True)
    url = serializers.SerializerMethodField(help_text="Where the JPEG is served; null until it is fetched.")

    class Meta:
        model = Cutout
        fields = ["id", "image", "filter", "mjd", "size_px", "zoom", "status", "url"]

    def get_url(self, cutout: Cutout) -> str | None:
        if cutout.status != "ok" or not cutout.file:
            return None
        request = self.context.get("request")
        url = cutout.file.url
        return request.build_absolute_uri(url) if request else url


class CandidateSerializer(serializers.ModelSerializer):
    group_id = serializers.IntegerField()
    target_name = serializers.CharField(source="group.target_name")
    url = serializers.HyperlinkedIdentityField(view_name="api:candidate-detail", lookup_field="match_id")

    class Meta:
        model = Candidate
        fields = [
            "match_id",
            "url",
            "group_id",
            "target_name",
            "sub_group_id",
            "ra_deg",
            "dec_deg",
            "auto_class",
            "hcv_expert_class",
            "expert_class",
            "num_filters",
            "max_mad",
            "has_light_curve",
            "stats_mismatch",
            "needs_review",
            "classes_hidden",
        ]
        extra_kwargs = {"hcv_expert_class": {"allow_null": True}, "expert_class": {"allow_null": True}}

    classes_hidden = serializers.SerializerMethodField(
        help_text="True while a blind campaign you vote in waits for your vote: both ExpertClasses are null."
    )

    def get_classes_hidden(self, candidate: Candidate) -> bool:
        return bool(getattr(candidate, "catalogue_class_hidden", False))

    def to_representation(self, candidate: Candidate) -> dict:
        data = super().to_representation(candidate)
        if data["classes_hidden"]:
            data["hcv_expert_class"] = data["expert_class"] = None
        return data


class CandidateDetailSerializer(CandidateSerializer):
    filters = FilterStatSerializer(source="filter_stats", many=True)
    light_curve = MeasurementSerializer(source="measurements", many=True)
    cutouts = CutoutSerializer(many=True)

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "filters", "light_curve", "cutouts"]


class LabelSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username", read_only=True)
    candidate = serializers.IntegerField(source="candidate_id", read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)

    class Meta:
        model = Label
        fields = [
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
        ]
        read_only_fields = fields


class LabelWriteSerializer(serializers.Serializer):
    """A vote or a change of one's own vote. The services check the campaign, membership and room for a vote."""

    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, help_text="Default: the default campaign."
    )
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all(), help_text="MatchID.")
    expert_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonCode.choices), required=False, default=list, max_length=20
    )
    comment = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=MAX_COMMENT_CHARS
    )
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class LabelChangeSerializer(serializers.Serializer):
    expert_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES, required=False)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonCode.choices), required=False, max_length=20
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT_CHARS)
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class CampaignRefSerializer(serializers.Serializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, help_text="Default: the default campaign."
    )


class SkipSerializer(CampaignRefSerializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Candidate.objects.all(), help_text="MatchID.")
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class LabelEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    candidate = serializers.IntegerField(source="candidate_id", allow_null=True)
    label = serializers.IntegerField(source="label_id", allow_null=True)

    class Meta:
        model = LabelEvent
        fields = ["id", "kind", "actor", "campaign", "candidate", "label", "before", "after", "created_at"]


class QueueSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign.pk")
    name = serializers.CharField(source="campaign.name")
    blind = serializers.BooleanField(source="campaign.blind")
    labelled = serializers.IntegerField()
    total = serializers.IntegerField()


class NextCandidateSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    candidate = CandidateSerializer(allow_null=True, help_text="Null when this expert's queue is empty.")
    lease_expires_at = serializers.DateTimeField(allow_null=True)
    labelled = serializers.IntegerField()
    total = serializers.IntegerField()
