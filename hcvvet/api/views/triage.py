"""Triage: model versions (everyone reads; curators activate one or roll back) and each candidate's
prediction, hidden from an expert wherever the candidate's classes are (`candidate_hidden`)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.catalog.models import Candidate
from hcvvet.triage.models import TriageModel
from hcvvet.triage.selectors import candidate_prediction
from hcvvet.triage.services import model_activate, model_rollback
from hcvvet.vetting.visibility import candidate_hidden, report_access

from ..pagination import StableCursorPagination
from ..permissions import IsCurator, ReadsOrCurator
from ..serializers.triage import CandidatePredictionSerializer, TriageModelSerializer
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
    latest of any model). While a blind campaign you vote in waits for your vote on it, `hidden` is true and
    `prediction` null: the model learned from the classes that campaign hides."""

    permission_classes = (ReadsOrCurator,)

    @extend_schema(
        parameters=[
            OpenApiParameter("match_id", int, OpenApiParameter.PATH, description="The candidate's MatchID.")
        ],
        responses={200: CandidatePredictionSerializer},
    )
    def get(self, request, match_id: str):
        candidate = get_object_or_404(Candidate, pk=int(match_id))
        hidden = candidate_hidden(user=request.user, candidate=candidate)
        prediction = None if hidden else candidate_prediction(candidate.pk)
        data = {"match_id": candidate.pk, "hidden": hidden, "prediction": prediction}
        return Response(CandidatePredictionSerializer(data).data)
