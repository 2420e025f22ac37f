"""Candidates: filtered, cone-searchable, cursor-paginated list; detail with filter rows, light curve,
cutouts; the labels and the event history a user may see (blind rules from `hcvvet.vetting.visibility`)."""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from hcvvet.catalog.models import Candidate
from hcvvet.catalog.selectors import candidate_detail, candidate_light_curve, candidate_list
from hcvvet.vetting.epochs import epochs_seen
from hcvvet.vetting.labels import label_history
from hcvvet.vetting.visibility import ROW_VISIBILITY, visible_candidates, visible_labels

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


class CandidateViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    """HCV candidates. Ordering: `match_id`, `mad` (MAX(MAD); `-mad` for the most variable first), `ra_deg`,
    `dec_deg`. The cone search (`ra`, `dec`, `radius_arcsec`) narrows by a Dec/RA box, then the exact
    great-circle distance. In a blind campaign you vote in, both ExpertClasses stay hidden until you vote."""

    permission_classes = (IsReader,)
    lookup_field = "match_id"
    lookup_value_regex = ID_PATTERN
    filterset_class = CandidateFilter
    filter_backends = (*viewsets.ReadOnlyModelViewSet.filter_backends, OrderingFilter)
    ordering_fields = ("match_id", "mad", "ra_deg", "dec_deg")
    ordering = ("match_id",)
    pagination_class = CandidateCursorPagination

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            # Schema generation (also run by `check --deploy`) must not query the database.
            return Candidate.objects.none()
        if self.action == "list":
            return visible_candidates(candidate_list(), self.request.user)
        if self.action == "retrieve":
            return visible_candidates(candidate_detail(), self.request.user)
        if self.action == "light_curve":
            return candidate_light_curve()
        return Candidate.objects.all()

    def get_serializer_context(self) -> dict:
        # Rows come from `visible_candidates`: each carries its own visibility decision.
        return {**super().get_serializer_context(), "visibility": ROW_VISIBILITY}

    def get_serializer_class(self):
        return CandidateSerializer if self.action == "list" else CandidateDetailSerializer

    def _epochs_context(self, candidate: Candidate) -> dict:
        """The candidate's epochs as this user sees them: while a blind campaign waits for their vote, only
        their own rejections (and flagged images), the statistics without those, and no one else's reason."""
        seen = epochs_seen(user=self.request.user, candidate=candidate)
        return {**self.get_serializer_context(), "epochs_seen": seen, "reasons_seen": seen.everything}

    def retrieve(self, request, *args, **kwargs):
        candidate = self.get_object()
        return Response(CandidateDetailSerializer(candidate, context=self._epochs_context(candidate)).data)

    @extend_schema(responses={200: MeasurementSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["get"], url_path="light-curve", filterset_class=None, pagination_class=None)
    def light_curve(self, request, match_id=None):
        """Every measurement of the candidate, by filter then MJD; rejected epochs (as you see them) are
        included and marked."""
        candidate = self.get_object()
        measurements = MeasurementSerializer(
            candidate.measurements.all(), many=True, context=self._epochs_context(candidate)
        )
        return Response(measurements.data)

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, description="Campaign id; default: the default campaign.")
        ],
        responses={200: LabelSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def labels(self, request, match_id=None):
        """The candidate's labels in one campaign that you may see (yours always; others' per the blind
        rules)."""
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
