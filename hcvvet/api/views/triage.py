"""Triage: model versions (everyone reads; curators activate one or roll back), the candidates' predictions,
one or a filtered list, under the blind rule of predictions (`triage.selectors.with_withheld`), the
shown-prediction records of labels, the anchoring report and the catalogue estimates."""

from typing import ClassVar

import django_filters
from django import forms
from django.db import connection, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.catalog.models import Candidate
from hcvvet.reports.access import anchoring_refusal, estimates_refusal
from hcvvet.triage.anchoring import anchoring_rows
from hcvvet.triage.estimates import EstimateRefused, campaign_estimates
from hcvvet.triage.models import Prediction, Shown, ShownPrediction, TriageModel
from hcvvet.triage.selectors import (
    candidate_prediction,
    may_rest_on_hidden_class,
    of_campaign,
    prediction_withheld,
    predictions_seen,
)
from hcvvet.triage.services import model_activate, model_rollback
from hcvvet.vetting.models import Campaign
from hcvvet.vetting.visibility import report_access

from ..filters import IdFilter
from ..pagination import StableCursorPagination
from ..permissions import IsCurator, ReadsOrCurator
from ..serializers import LABEL_CLASS_CHOICES
from ..serializers.triage import (
    AnchoringSerializer,
    CandidatePredictionSerializer,
    EstimatesSerializer,
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


def _as_seen(match_id: int, prediction: Prediction | None, *, withheld: bool) -> dict:
    """A candidate's prediction as its viewer may see it (`CandidatePredictionSerializer`)."""
    return {"match_id": match_id, "hidden": withheld, "prediction": None if withheld else prediction}


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
        prediction = candidate_prediction(int(match_id))
        # the candidate's classes read after its prediction, as the blind rule's query would read them: a
        # candidate without one has no prediction to withhold, and is spared that query
        candidate = get_object_or_404(Candidate, pk=int(match_id))
        withheld = (
            prediction is not None
            and may_rest_on_hidden_class(candidate)
            and prediction_withheld(prediction, request.user)
        )
        return Response(
            CandidatePredictionSerializer(_as_seen(candidate.pk, prediction, withheld=withheld)).data
        )


class PredictionFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("p_artifact_min"), data.get("p_artifact_max")
        if low is not None and high is not None and low > high:
            self.add_error("p_artifact_max", "p_artifact_max must not be smaller than p_artifact_min.")
        return data


class PredictionFilter(django_filters.FilterSet):
    """The filters on what the model says (model, P(artifact), its class) read it as the viewer may see it
    (`predictions_seen`): a withheld prediction matches none of them. The group filters every row alike; the
    campaign, since a selection may rest on classes, as `of_campaign` says."""

    model = IdFilter(field_name="seen_model", help_text="The model version (id) that made the prediction.")
    p_artifact_min = django_filters.NumberFilter(
        field_name="seen_p_artifact", lookup_expr="gte", min_value=0, max_value=1, help_text="P(artifact) >=."
    )
    p_artifact_max = django_filters.NumberFilter(
        field_name="seen_p_artifact", lookup_expr="lte", min_value=0, max_value=1, help_text="P(artifact) <=."
    )
    model_class = django_filters.TypedMultipleChoiceFilter(
        field_name="seen_model_class",
        choices=LABEL_CLASS_CHOICES,
        coerce=int,
        help_text="The model's class, its most probable ExpertClass (repeatable).",
    )
    group = IdFilter(field_name="candidate__group_id", help_text="GroupID.")
    campaign = IdFilter(
        method="in_campaign",
        help_text="Campaign id: its candidates (frozen or live); of those waiting for your vote in a blind "
        "campaign, only those of campaigns you label in.",
    )

    class Meta:
        model = Prediction
        fields: tuple[str, ...] = ()
        form = PredictionFilterForm

    def in_campaign(self, queryset: QuerySet, name: str, value) -> QuerySet:
        campaign = Campaign.objects.filter(pk=value).first()
        if campaign is None:
            raise exceptions.ValidationError({"campaign": [f"No campaign has id {value}."]})
        return of_campaign(queryset, campaign=campaign, viewer=self.request.user)


class PredictionOrdering(OrderingFilter):
    """`ordering`: one of the view's `ordering_fields`, `-` for descending; anything else is a 400. By
    P(artifact) or uncertainty, withheld predictions come last either way (then by MatchID): their values
    are read as the viewer may see them (`predictions_seen`), and they have none."""

    ordering_description = "match_id (default), p_artifact or uncertainty; prefix - for descending."
    RANK = "rank"
    # ordering name: (seen value, rank of a withheld prediction ascending, descending)
    RANKED: ClassVar = {
        "p_artifact": ("seen_p_artifact", 2.0, -1.0),
        "uncertainty": ("seen_uncertainty", 1.0, -1.0),
    }

    def _chosen(self, request, view) -> str:
        value = request.query_params.get(self.ordering_param, "").strip() or view.ordering
        if value.removeprefix("-") not in view.ordering_fields:
            choices = ", ".join(view.ordering_fields)
            raise exceptions.ValidationError(
                {self.ordering_param: [f"{value!r} is none of {choices} (each with - for descending)."]}
            )
        return value

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        value = self._chosen(request, view)
        name = value.removeprefix("-")
        sign = "-" if value.startswith("-") else ""
        if name not in self.RANKED:
            return (f"{sign}candidate_id",)
        return (f"{sign}{self.RANK}", "candidate_id")

    def filter_queryset(self, request, queryset, view) -> QuerySet:
        value = self._chosen(request, view)
        name = value.removeprefix("-")
        if name in self.RANKED:
            seen, withheld_ascending, withheld_descending = self.RANKED[name]
            withheld = withheld_descending if value.startswith("-") else withheld_ascending
            queryset = queryset.annotate(**{self.RANK: Coalesce(F(seen), Value(withheld))})
        return queryset.order_by(*self.get_ordering(request, queryset, view))


class PredictionListView(ApiView, generics.ListAPIView):
    """Every candidate's current prediction (the one `/api/triage/predictions/{match_id}/` gives), under the
    same blind rule: a prediction withheld from you is listed with `hidden` true and `prediction` null, and
    no filter or ordering reads it: it matches no filter on the model, P(artifact) or the model's class,
    and comes last when ordered by P(artifact) or uncertainty (P(artifact)(1 - P(artifact))). Ordering:
    `match_id` (default), `p_artifact`, `uncertainty`, each with `-` for descending. Pages by cursor, with
    no count."""

    permission_classes = (ReadsOrCurator,)
    serializer_class = CandidatePredictionSerializer
    filterset_class = PredictionFilter
    filter_backends = (*generics.ListAPIView.filter_backends, PredictionOrdering)
    ordering_fields = ("match_id", "p_artifact", "uncertainty")
    ordering = "match_id"
    pagination_class = StableCursorPagination
    queryset = Prediction.objects.none()

    def get_queryset(self) -> QuerySet[Prediction]:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return predictions_seen(self.request.user)

    def list(self, request, *args, **kwargs):
        with transaction.atomic():
            _without_jit()
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = [_as_seen(p.candidate_id, p, withheld=p.withheld) for p in page]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


def _without_jit() -> None:
    """No JIT compiling for the rest of the transaction (PostgreSQL). The blind rule is asked per row, and
    PostgreSQL overestimates what that costs: ordered by P(artifact), a page's estimate crosses the JIT
    thresholds at some 10,000 predictions, and compiling then takes seconds where the query itself takes a
    tenth of one (README: `jit=off` suits these servers anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


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
        refusal = anchoring_refusal(request.user, name)
        if refusal is not None:
            raise exceptions.PermissionDenied(refusal)
        campaign = None
        if name is not None:
            campaign = Campaign.objects.filter(name=name).first()
            if campaign is None:
                raise exceptions.ValidationError({"campaign": [f"no campaign is named {name!r}"]})
        rows = [row.as_json() for row in anchoring_rows(campaign)]
        return Response(AnchoringSerializer({"campaign": name, "rows": rows}).data)


class EstimatesView(ApiView, APIView):
    """The artifact fraction of one campaign's candidates, all of them, per MAD bin, AutoClass and instrument:
    the model's predictions corrected by a random sample of expert labels (prediction-powered inference)
    beside the labels-only estimate with its Wilson interval (`triage/estimates.py`); before any model has
    predicted a random or audit campaign, the labels-only estimate alone (`has_predictions` false, the
    prediction-powered estimate and the mean prediction null). A campaign whose order is not random
    (highest MAD first, disagreement first) has none: a 400 saying why. Label data:
    refused as the artifact-fraction report from the campaign's labels is (`estimates_refusal`)."""

    permission_classes = (ReadsOrCurator,)

    @extend_schema(
        parameters=[OpenApiParameter("campaign", str, required=True, description="A campaign's name.")],
        responses={200: EstimatesSerializer},
    )
    def get(self, request):
        name = request.query_params.get("campaign") or ""
        if not name:
            raise exceptions.ValidationError({"campaign": ["give the name of a campaign"]})
        refusal = estimates_refusal(request.user, name)
        if refusal is not None:
            raise exceptions.PermissionDenied(refusal)
        campaign = Campaign.objects.filter(name=name).first()
        if campaign is None:
            raise exceptions.ValidationError({"campaign": [f"no campaign is named {name!r}"]})
        try:
            estimates = campaign_estimates(campaign)
        except EstimateRefused as error:
            raise exceptions.ValidationError({"campaign": [str(error)]}) from error
        return Response(EstimatesSerializer(estimates.as_json()).data)
