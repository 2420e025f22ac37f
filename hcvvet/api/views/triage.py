"""Triage: model versions (everyone reads; curators activate one or roll back), each candidate's prediction
under the blind rule of predictions (`triage.display.blind_withheld`), the shown-prediction records of labels
and the anchoring report."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.catalog.models import Candidate
from hcvvet.triage.anchoring import anchoring_rows
from hcvvet.triage.display import blind_withheld
from hcvvet.triage.models import Shown, ShownPrediction, TriageModel
from hcvvet.triage.selectors import candidate_prediction
from hcvvet.triage.services import model_activate, model_rollback
from hcvvet.vetting.models import Campaign
from hcvvet.vetting.visibility import report_access

from ..filters import IdFilter
from ..pagination import StableCursorPagination
from ..permissions import IsCurator, ReadsOrCurator
from ..serializers.triage import (
    AnchoringSerializer,
    CandidatePredictionSerializer,
    ShownPredictionSerializer,
    TriageModelSerializer,
)
from .base import ID_PATTERN, ApiView


class TriageModelViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Triage model versions, newest first, with their cross-validated metrics. The label data (counts,
    metrics, confusion, gold figures) of a model that learned from hcvvet's labels are shown only to whom
    the label reports over every campaign are (curators who vote in no blind campaign under way)."""

    queryset = TriageModel.objects.select_related("activated_by")
    serializer_class = TriageModelSerializer
    permission_classes = (ReadsOrCurator,)
    pagination_class = StableCursorPagination
    lookup_value_regex = ID_PATTERN
    filterset_fields = ("state", "is_active")

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        refusal = report_access(self.request.user, None, uses_labels=True, per_object=False)
        return {**context, "label_data_refusal": refusal}

    @extend_schema(request=None, responses={200: TriageModelSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsCurator])
    def activate(self, request, pk=None):
        """Make this (ready) model the one that serves predictions (curators); its predictions for every
        candidate are queued. 409 unless the model is ready."""
        model = model_activate(model=self.get_object(), user=request.user, queue_predictions=True)
        return Response(self.get_serializer(model).data)

    @extend_schema(request=None, responses={200: TriageModelSerializer})
    @action(detail=False, methods=["post"], permission_classes=[IsCurator])
    def rollback(self, request):
        """Activate again the model that was active before the current one (curators); 409 if none was."""
        model = model_rollback(user=request.user, queue_predictions=True)
        return Response(self.get_serializer(model).data)


class CandidatePredictionView(ApiView, APIView):
    """The candidate's prediction by the active model (or, until the active model's predictions are in, the
    latest of any model). While a blind campaign you vote in waits for your vote on it and a model may have
    learned from a class of it (the catalogue's, an hcvvet decision, gold), `hidden` is true and `prediction`
    null: the blind rule of the review page."""

    permission_classes = (ReadsOrCurator,)

    @extend_schema(
        parameters=[
            OpenApiParameter("match_id", int, OpenApiParameter.PATH, description="The candidate's MatchID.")
        ],
        responses={200: CandidatePredictionSerializer},
    )
    def get(self, request, match_id: str):
        candidate = get_object_or_404(Candidate, pk=int(match_id))
        prediction = candidate_prediction(candidate.pk)
        hidden = prediction is not None and blind_withheld(
            viewer=request.user, candidate=candidate, prediction=prediction
        )
        prediction = None if hidden else prediction
        data = {"match_id": candidate.pk, "hidden": hidden, "prediction": prediction}
        return Response(CandidatePredictionSerializer(data).data)


def _reads_every_record(user) -> bool:
    """Whether `user` may read every label's shown-prediction record: whom the label reports over every
    campaign are allowed (curators who vote in no blind campaign under way)."""
    return report_access(user, None, uses_labels=True, per_object=False) is None


class ShownPredictionFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="label__campaign_id")
    shown = django_filters.ChoiceFilter(choices=Shown.choices)

    class Meta:
        model = ShownPrediction
        fields: tuple[str, ...] = ()


class ByLabelPagination(StableCursorPagination):
    ordering = "-label_id"  # a record's key is its label's


class ShownPredictionViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What each label's expert was shown of the model when they saved it: your own labels' records; every
    label's for curators allowed the label reports over every campaign. The prediction kept with a label saved
    without one shown is for the anchoring report: only those curators see it."""

    serializer_class = ShownPredictionSerializer
    permission_classes = (ReadsOrCurator,)
    pagination_class = ByLabelPagination
    filterset_class = ShownPredictionFilter
    queryset = ShownPrediction.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        records = ShownPrediction.objects.select_related("label__expert").order_by(
            "-recorded_at", "-label_id"
        )
        return (
            records
            if _reads_every_record(self.request.user)
            else records.filter(label__expert=self.request.user)
        )

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "reads_unseen": _reads_every_record(self.request.user)}


class AnchoringView(ApiView, APIView):
    """Agreement of labels with the model's class when the prediction was shown before the vote, after it,
    or not at all, with 95 % Wilson intervals (`triage/anchoring.py`). Label data: refused as the label
    reports are (`report_access`)."""

    permission_classes = (ReadsOrCurator,)

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", str, description="A campaign's name; all campaigns if absent.")
        ],
        responses={200: AnchoringSerializer},
    )
    def get(self, request):
        name = request.query_params.get("campaign") or None
        refusal = report_access(request.user, name, uses_labels=True, per_object=False)
        if refusal is not None:
            raise exceptions.PermissionDenied(refusal)
        campaign = None
        if name is not None:
            campaign = Campaign.objects.filter(name=name).first()
            if campaign is None:
                raise exceptions.ValidationError({"campaign": [f"no campaign is named {name!r}"]})
        rows = [row.as_json() for row in anchoring_rows(campaign)]
        return Response(AnchoringSerializer({"campaign": name, "rows": rows}).data)
