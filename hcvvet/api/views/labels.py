"""Labels: vote, change one's own vote, skip, undo; list one's own labels. Writes go through
`hcvvet.vetting.labels`, which checks campaign membership, state and room for a vote and records every
event."""

import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hcvvet.triage.display import shown_check, shown_record
from hcvvet.vetting.labels import Submitted, label_skip, label_undo, label_vote
from hcvvet.vetting.models import Label

from ..filters import IdFilter
from ..pagination import StableCursorPagination
from ..permissions import ReadsOrExpert
from ..serializers import (
    CampaignRefSerializer,
    LabelChangeSerializer,
    LabelSerializer,
    LabelWriteSerializer,
    SkipSerializer,
)
from .base import ID_PATTERN, ApiView, Conflict, RowsOfTheAsker, campaign_or_default


def _vote(request, *, campaign, candidate, vote: dict) -> Submitted:
    """The signed-in expert's vote (`expert_class`, `reasons`, `comment`, `seconds_spent` of a serializer),
    with what their client showed of the model (`shown`, checked first; recorded as unknown without it)."""
    claimed = {"claimed": vote["shown"]} if "shown" in vote else {}
    before = shown_check(viewer=request.user, campaign=campaign, candidate=candidate, **claimed)
    with transaction.atomic():
        submitted = label_vote(
            campaign=campaign,
            candidate=candidate,
            expert=request.user,
            expert_class=int(vote["expert_class"]),
            reasons=vote["reasons"],
            comment=vote["comment"],
            seconds_spent=vote["seconds_spent"],
        )
        shown_record(label=submitted.label, before=before)
    return submitted


class LabelFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id")
    candidate = IdFilter(field_name="candidate_id", help_text="MatchID.")

    class Meta:
        model = Label
        fields: tuple[str, ...] = ()


class LabelViewSet(
    ApiView,
    RowsOfTheAsker,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Your own labels. Nobody, curators included, can reach or change another expert's label here: other
    labels are read through a candidate's `labels` (blind rules apply) and disagreements are settled by
    adjudication."""

    permission_classes = (ReadsOrExpert,)
    lookup_value_regex = ID_PATTERN
    serializer_class = LabelSerializer
    filterset_class = LabelFilter
    pagination_class = StableCursorPagination

    queryset = Label.objects.none()

    def rows_for(self, user):
        return Label.objects.filter(expert=user).select_related("expert")

    @extend_schema(request=LabelWriteSerializer, responses={200: LabelSerializer, 201: LabelSerializer})
    def create(self, request):
        """Vote on a candidate (201), or change your vote if you already have one (200); what your client
        showed of the model (`shown`) is checked and recorded with it."""
        form = LabelWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        submitted = _vote(request, campaign=campaign_or_default(data), candidate=data["candidate"], vote=data)
        return Response(
            LabelSerializer(submitted.label).data,
            status=status.HTTP_201_CREATED if submitted.new_vote else status.HTTP_200_OK,
        )

    @extend_schema(request=LabelChangeSerializer, responses={200: LabelSerializer})
    def partial_update(self, request, pk=None):
        """Change your label: omitted fields keep their values."""
        label = self.get_object()
        form = LabelChangeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        kept = {"expert_class": label.expert_class, "reasons": label.reasons, "comment": label.comment}
        vote = {**kept, **form.validated_data}
        if vote["expert_class"] is None:
            raise exceptions.ValidationError({"expert_class": ["This label has no class yet: give one."]})
        submitted = _vote(request, campaign=label.campaign, candidate=label.candidate, vote=vote)
        return Response(LabelSerializer(submitted.label).data)

    @extend_schema(request=CampaignRefSerializer, responses={200: LabelSerializer})
    @action(detail=False, methods=["post"])
    def undo(self, request):
        """Revert your most recent label change in the campaign; repeated undos walk back. 409 when none is
        left."""
        form = CampaignRefSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        label = label_undo(campaign=campaign_or_default(form.validated_data), expert=request.user)
        if label is None:
            raise Conflict({"campaign": ["You have nothing left to undo in this campaign."]})
        return Response(LabelSerializer(label).data)

    @extend_schema(request=SkipSerializer, responses={200: LabelSerializer})
    @action(detail=False, methods=["post"])
    def skip(self, request):
        """Move past a candidate without a class (it leaves your queue; an existing vote is kept)."""
        form = SkipSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        label = label_skip(
            campaign=campaign_or_default(data),
            candidate=data["candidate"],
            expert=request.user,
            seconds_spent=data["seconds_spent"],
        )
        return Response(LabelSerializer(label).data)
