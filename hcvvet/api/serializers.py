"""API serializers: read shapes of the catalogue and the vetting records, and validated input forms.

Serializers never write: views pass validated input to the owning app's services.
"""

from rest_framework import serializers

from hcvvet.accounts.models import User
from hcvvet.catalog.models import LABEL_CLASSES, Candidate, Cutout, FilterStat, Image, Measurement
from hcvvet.ingest.models import IngestJob, Source
from hcvvet.ingest.services.jobs import ACTIVE_STATES, job_percent
from hcvvet.vetting.labels import MAX_COMMENT_CHARS
from hcvvet.vetting.models import (
    Adjudication,
    Campaign,
    CampaignCandidate,
    ConsensusRule,
    ImageFlag,
    Label,
    LabelEvent,
    QueueOrder,
    ReasonCode,
)

LABEL_CLASS_CHOICES = [(int(c), c.label) for c in LABEL_CLASSES]
MAX_ID = 2**63 - 1


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A row named by its integer key; values beyond 64 bits are "does not exist", not a database error."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


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


class LabelChangeSerializer(serializers.Serializer):
    expert_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES, required=False)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=ReasonCode.choices), required=False, max_length=20
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT_CHARS)
    seconds_spent = serializers.FloatField(required=False, default=0.0, min_value=0, max_value=86400)


class CampaignRefSerializer(serializers.Serializer):
    campaign = IdRelatedField(
        queryset=Campaign.objects.all(), required=False, help_text="Default: the default campaign."
    )


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


class CampaignSerializer(serializers.ModelSerializer):
    experts = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    items = serializers.IntegerField(source="item_count", read_only=True, help_text="Frozen candidates.")

    class Meta:
        model = Campaign
        fields = [
            "id",
            *Campaign.SETTINGS,
            "state",
            "is_default",
            "items",
            "created_by",
            "created_at",
            "started_at",
        ]
        read_only_fields = fields


class CampaignWriteSerializer(serializers.Serializer):
    """Campaign settings; `selection` keys are those of `hcvvet.vetting.selection` (validated by the service)."""

    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    selection = serializers.DictField(
        required=False, help_text='e.g. {"group_ids": [69810], "auto_class": [1, 2]}'
    )
    experts = serializers.SlugRelatedField(
        slug_field="username", many=True, queryset=User.objects.all(), required=False, help_text="Usernames."
    )
    votes_needed = serializers.IntegerField(min_value=1, max_value=50, required=False)
    blind = serializers.BooleanField(required=False)
    rule = serializers.ChoiceField(choices=ConsensusRule.choices, required=False)
    rule_k = serializers.IntegerField(min_value=1, max_value=50, required=False)
    order = serializers.ChoiceField(choices=QueueOrder.choices, required=False)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)


class VoteSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username")

    class Meta:
        model = Label
        fields = ["expert", "expert_class", "reasons", "comment", "seconds_spent"]


class DisputedItemSerializer(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name")
    candidate = serializers.IntegerField(source="candidate_id")
    votes = VoteSerializer(many=True, source="item_votes")

    class Meta:
        model = CampaignCandidate
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "candidate",
            "position",
            "vote_count",
            "consensus",
            "votes",
        ]


class AdjudicateSerializer(serializers.Serializer):
    decided_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES)
    note = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")


class AdjudicationSerializer(serializers.ModelSerializer):
    adjudicator = serializers.CharField(source="adjudicator.username")
    candidate = serializers.IntegerField(source="item.candidate_id")
    campaign = serializers.IntegerField(source="item.campaign_id")

    class Meta:
        model = Adjudication
        fields = [
            "id",
            "item",
            "campaign",
            "candidate",
            "decided_class",
            "adjudicator",
            "rule",
            "votes",
            "note",
            "decided_at",
        ]


class ImageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Image
        fields = ["name", "instrument", "detector", "filter", "proposal_id", "visit", "mjd", "flagged"]


class ImageFlagSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")
    flagged_by = serializers.CharField(source="flagged_by.username")
    cleared_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ImageFlag
        fields = ["id", "image", "reason", "flagged_by", "created_at", "cleared_by", "cleared_at"]


class ImageFlagRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the image is bad (shown on every epoch).")


class IngestJobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    percent = serializers.SerializerMethodField(help_text="Progress bar, 0 to 100.")
    finished = serializers.SerializerMethodField()

    class Meta:
        model = IngestJob
        fields = [
            "id",
            *IngestJob.REQUEST_FIELDS,
            "state",
            "stage",
            "percent",
            "finished",
            "progress",
            "counts",
            "timings",
            "error",
            "created_by",
            "rerun_of",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_percent(self, job: IngestJob) -> int:
        return job_percent(job)

    def get_finished(self, job: IngestJob) -> bool:
        return job.state not in ACTIVE_STATES


class IngestJobCreateSerializer(serializers.Serializer):
    """What to fetch from MAST: a target or RA/Dec with a radius, or GroupIDs, or MatchIDs; the ingest service
    checks the combination and names the field at fault."""

    target_name = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    ra_deg = serializers.FloatField(min_value=0, max_value=360, required=False, allow_null=True, default=None)
    dec_deg = serializers.FloatField(
        min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    radius_arcsec = serializers.FloatField(
        required=False, allow_null=True, default=None, help_text="At most 1800."
    )
    filters = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, default=list, max_length=50
    )
    autoclass_min = serializers.IntegerField(min_value=0, max_value=2, required=False, default=0)
    expert_validated = serializers.BooleanField(required=False, default=False)
    group_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=2**62),
        required=False,
        default=list,
        max_length=10_000,
    )
    match_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=2**62),
        required=False,
        default=list,
        max_length=100_000,
    )
    source = serializers.ChoiceField(choices=Source.choices, required=False, default=Source.CASJOBS)
    fetch_cutouts = serializers.BooleanField(required=False, default=True)


class ReportIndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())


class ImportSummarySerializer(serializers.Serializer):
    n_rows = serializers.IntegerField()
    n_objects = serializers.IntegerField()
    experts = serializers.ListField(child=serializers.CharField())
    n_votes = serializers.IntegerField(help_text="Votes in the file, one per expert and object.")
    n_votes_stored = serializers.IntegerField(help_text="Already in the campaign with that class.")
    n_votes_differing = serializers.IntegerField(help_text="In the campaign with another class.")
    n_votes_new = serializers.IntegerField()
    n_written = serializers.IntegerField(help_text="Votes added or changed (0 for a dry run).")
    campaign = serializers.CharField(help_text="The campaign imported into.")
    file_campaign = serializers.CharField(
        allow_blank=True, help_text="The campaign the file was exported from."
    )
    written = serializers.BooleanField()
    is_round_trip = serializers.BooleanField(help_text="Importing the file changes nothing.")
