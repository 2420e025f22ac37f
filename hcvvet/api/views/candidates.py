"""Candidates: filtered, cone-searchable, cursor-paginated list; detail with filter rows, light curve, cutouts."""

from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from hcvvet.catalog.models import Candidate, Cutout, Measurement

from ..filters import CandidateFilter
from ..pagination import CandidateCursorPagination
from ..permissions import IsReader
from ..serializers import CandidateDetailSerializer, CandidateSerializer, MeasurementSerializer


def candidate_list_queryset() -> QuerySet:
    """Candidates with their group; `mad` is MAX(MAD) with nulls last, a cursor-safe ordering key."""
    return Candidate.objects.select_related("group").annotate(mad=Coalesce("max_mad", Value(-1.0)))


def candidate_detail_queryset() -> QuerySet:
    return Candidate.objects.select_related("group").prefetch_related(
        "filter_stats",
        Prefetch("measurements", queryset=Measurement.objects.order_by("filter", "mjd")),
        Prefetch(
            "cutouts", queryset=Cutout.objects.select_related("image").order_by("image__mjd", "size_px", "id")
        ),
    )


class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    """HCV candidates. Ordering: `match_id`, `mad` (MAX(MAD); `-mad` for the most variable first), `ra_deg`,
    `dec_deg`. The cone search (`ra`, `dec`, `radius_arcsec`) narrows by a Dec/RA box, then the exact
    great-circle distance."""

    permission_classes = [IsReader]
    lookup_field = "match_id"
    lookup_value_regex = r"\d+"
    filterset_class = CandidateFilter
    filter_backends = [*viewsets.ReadOnlyModelViewSet.filter_backends, OrderingFilter]
    ordering_fields = ["match_id", "mad", "ra_deg", "dec_deg"]
    ordering = ["match_id"]
    pagination_class = CandidateCursorPagination

    def get_queryset(self) -> QuerySet:
        if self.action == "list":
            return candidate_list_queryset()
        if self.action == "light_curve":
            return Candidate.objects.prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("filter", "mjd"))
            )
        return candidate_detail_queryset()

    def get_serializer_class(self):
        return CandidateSerializer if self.action == "list" else CandidateDetailSerializer

    @extend_schema(responses={200: MeasurementSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="light-curve", filterset_class=None, pagination_class=None)
    def light_curve(self, request, match_id=None):
        """Every measurement of the candidate, by filter then MJD; rejected epochs are included and marked."""
        candidate = self.get_object()
        return Response(MeasurementSerializer(candidate.measurements.all(), many=True).data)
