"""Candidates: filtered, cone-searchable, cursor-paginated list; detail with filter rows, light curve, cutouts;
the labels and the event history a user may see (blind rules from `hcvvet.vetting.visibility`)."""

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from hcvvet.catalog.models import Candidate, Cutout, Measurement
from hcvvet.vetting.labels import label_history
from hcvvet.vetting.visibility import visible_labels, with_catalogue_class_hidden

from ..filters import CandidateFilter
from ..pagination import CandidateCursorPagination
from ..permissions import IsReader
from ..serializers import (
    CampaignRefSerializer,
    CandidateDetailSerializer,
    CandidateSerializer,
    LabelEventSerializer,
    LabelSerializer,
    MeasurementSerializer,
)
from .base import ID_PATTERN, ApiView, campaign_or_default

MEASUREMENTS_IN_ORDER = Prefetch("measurements", queryset=Measurement.objects.order_by("filter", "mjd"))


def candidate_list_queryset() -> QuerySet:
    """Candidates with their group; `mad` is MAX(MAD) with nulls last, a cursor-safe ordering key."""
    return Candidate.objects.select_related("group").annotate(mad=Coalesce("max_mad", Value(-1.0)))


def candidate_detail_queryset() -> QuerySet:
    return Candidate.objects.select_related("group").prefetch_related(
        "filter_stats",
        MEASUREMENTS_IN_ORDER,
        Prefetch(
            "cutouts", queryset=Cutout.objects.select_related("image").order_by("image__mjd", "size_px", "id")
        ),
    )


class CandidateViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """HCV candidates. Ordering: `match_id`, `mad` (MAX(MAD); `-mad` for the most variable first), `ra_deg`,
    `dec_deg`. The cone search (`ra`, `dec`, `radius_arcsec`) narrows by a Dec/RA box, then the exact
    great-circle distance. In a blind campaign you vote in, both ExpertClasses stay hidden until you vote."""

    permission_classes = [IsReader]
    lookup_field = "match_id"
    lookup_value_regex = ID_PATTERN
    filterset_class = CandidateFilter
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, OrderingFilter]
    ordering_fields = ["match_id", "mad", "ra_deg", "dec_deg"]
    ordering = ["match_id"]
    pagination_class = CandidateCursorPagination

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            # Schema generation (also run by `check --deploy`) must not query the database.
            return Candidate.objects.none()
        if self.action == "list":
            return with_catalogue_class_hidden(candidate_list_queryset(), self.request.user)
        if self.action == "retrieve":
            return with_catalogue_class_hidden(candidate_detail_queryset(), self.request.user)
        if self.action == "light_curve":
            return Candidate.objects.prefetch_related(MEASUREMENTS_IN_ORDER)
        return Candidate.objects.all()

    def get_serializer_class(self):
        return CandidateSerializer if self.action == "list" else CandidateDetailSerializer

    @extend_schema(responses={200: MeasurementSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="light-curve", filterset_class=None, pagination_class=None)
    def light_curve(self, request, match_id=None):
        """Every measurement of the candidate, by filter then MJD; rejected epochs are included and marked."""
        candidate = self.get_object()
        return Response(MeasurementSerializer(candidate.measurements.all(), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, description="Campaign id; default: the default campaign.")
        ],
        responses={200: LabelSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def labels(self, request, match_id=None):
        """The candidate's labels in one campaign that you may see (yours always; others' per the blind rules)."""
        candidate = self.get_object()
        form = CampaignRefSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        campaign = campaign_or_default(form.validated_data)
        labels = visible_labels(user=request.user, campaign=campaign, candidate=candidate)
        return Response(LabelSerializer(labels, many=True).data)

    @extend_schema(responses={200: LabelEventSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request, match_id=None):
        """Every decision on the candidate (labels, changes, undos, adjudications, epoch and image flags) that
        you may see, oldest first; read-only."""
        candidate = self.get_object()
        return Response(LabelEventSerializer(label_history(candidate, request.user), many=True).data)
