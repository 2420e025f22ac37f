"""Candidates: list rows, detail with filter rows, light curve and cutouts."""

from typing import ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hcvvet.catalog.models import Candidate, Cutout, FilterStat, Measurement, RejectionSource
from hcvvet.vetting.epochs import HIDDEN_REASON, EpochSeen, EpochsSeen, Vetted
from hcvvet.vetting.visibility import (
    NOTHING,
    SEEN_CLASSES,
    CandidateVisibility,
    RejectionsSeen,
    Visibility,
)


class FilterStatSerializer(serializers.ModelSerializer):
    """One filter row. The vetted statistics are those without the epochs the viewer sees rejected (the
    context's `epochs_seen`, from `hcvvet.vetting.epochs`); without one they are null (fail closed)."""

    class Meta:
        model = FilterStat
        fields = (*FilterStat.HCV_COLUMNS, *FilterStat.VETTED_COLUMNS)

    def to_representation(self, row: FilterStat) -> dict:
        data = super().to_representation(row)
        seen: EpochsSeen | None = self.context.get("epochs_seen")
        vetted = Vetted() if seen is None else seen.vetted(row)
        data.update(vetted_mad=vetted.mad, vetted_chi2=vetted.chi2, vetted_num_lc=vetted.num_lc)
        return data


class MeasurementSerializer(serializers.ModelSerializer):
    """One epoch, rejected as the viewer sees it (the context's `epochs_seen`: while a blind campaign waits
    for their vote, only their own rejections and those of flagged images). Fails closed: without
    `epochs_seen` only flagged images reject; a rejection's reason (another person's judgement) shows only
    where the context says `reasons_seen` (blind review), or to the person who rejected it."""

    image = serializers.CharField(source="image_id")
    rejected = serializers.SerializerMethodField()
    rejected_source = serializers.SerializerMethodField()
    rejected_reason = serializers.SerializerMethodField()

    def _epoch(self, measurement: Measurement) -> EpochSeen:
        seen: EpochsSeen | None = self.context.get("epochs_seen")
        if seen is None:
            seen = self.context["epochs_seen"] = EpochsSeen(
                measurement.candidate, RejectionsSeen(viewer_id=None, everything=False, rows=())
            )
        return seen.epoch(measurement)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_rejected(self, measurement: Measurement) -> bool:
        return self._epoch(measurement).rejected

    @extend_schema_field(serializers.ChoiceField(choices=[("", ""), *RejectionSource.choices]))
    def get_rejected_source(self, measurement: Measurement) -> str:
        return self._epoch(measurement).source

    @extend_schema_field(OpenApiTypes.STR)
    def get_rejected_reason(self, measurement: Measurement) -> str:
        epoch = self._epoch(measurement)
        if self.context.get("reasons_seen") or epoch.own or not epoch.rejected:
            return epoch.reason
        return HIDDEN_REASON

    class Meta:
        model = Measurement
        fields = (
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
        )


class CutoutSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")
    filter = serializers.CharField(source="image.filter")
    mjd = serializers.FloatField(source="image.mjd", allow_null=True)
    url = serializers.SerializerMethodField(help_text="Where the JPEG is served; null until it is fetched.")

    class Meta:
        model = Cutout
        fields = ("id", "image", "filter", "mjd", "size_px", "zoom", "status", "url")

    def get_url(self, cutout: Cutout) -> str | None:
        if cutout.status != "ok" or not cutout.file:
            return None
        request = self.context.get("request")
        url = cutout.file.url
        return request.build_absolute_uri(url) if request else url


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate row. Fails closed: the catalogue's ExpertClass and hcvvet's consensus show only where the
    `visibility` in the context (from `hcvvet.vetting.visibility`) allows; without one both are null."""

    group_id = serializers.IntegerField()
    target_name = serializers.CharField(source="group.target_name")
    url = serializers.HyperlinkedIdentityField(view_name="api:candidate-detail", lookup_field="match_id")

    class Meta:
        model = Candidate
        fields = (
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
        )
        extra_kwargs: ClassVar[dict] = {
            "hcv_expert_class": {"allow_null": True},
            "expert_class": {"allow_null": True},
        }

    classes_hidden = serializers.SerializerMethodField(
        help_text="True while a blind campaign you vote in waits for your vote: both ExpertClasses are null."
    )

    def _seen(self, candidate: Candidate) -> Visibility:
        """The visibility decision the view passed (`context["visibility"]`); without one, nothing is
        shown."""
        visibility: CandidateVisibility | None = self.context.get("visibility")
        return NOTHING if visibility is None else visibility.of(candidate)

    def get_classes_hidden(self, candidate: Candidate) -> bool:
        seen = self._seen(candidate)
        return not (seen.catalogue_class and seen.consensus)

    def to_representation(self, candidate: Candidate) -> dict:
        data = super().to_representation(candidate)
        for column, seen_column in SEEN_CLASSES.items():
            # rows from `visible_candidates` carry the classes as this user may see them
            if hasattr(candidate, seen_column):
                data[column] = getattr(candidate, seen_column)
        seen = self._seen(candidate)
        if not seen.catalogue_class:
            data["hcv_expert_class"] = None
        if not seen.consensus:
            data["expert_class"] = None
        return data


class CandidateDetailSerializer(CandidateSerializer):
    filters = FilterStatSerializer(source="filter_stats", many=True)
    light_curve = MeasurementSerializer(source="measurements", many=True)
    cutouts = CutoutSerializer(many=True)

    class Meta(CandidateSerializer.Meta):
        fields = (*CandidateSerializer.Meta.fields, "filters", "light_curve", "cutouts")
