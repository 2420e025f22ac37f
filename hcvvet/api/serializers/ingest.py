"""Ingest jobs: what to fetch from MAST, and a job's progress."""

from rest_framework import serializers

from hcvvet.ingest.models import IngestJob, Source
from hcvvet.ingest.services.state import ACTIVE_STATES, job_percent


class IngestJobSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    percent = serializers.SerializerMethodField(help_text="Progress bar, 0 to 100.")
    finished = serializers.SerializerMethodField()

    class Meta:
        model = IngestJob
        fields = (
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
            "warnings",
            "created_by",
            "rerun_of",
            "created_at",
            "started_at",
            "finished_at",
        )
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
