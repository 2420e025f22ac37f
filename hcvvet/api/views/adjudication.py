"""Adjudication (curators only): the disputed candidates with their votes side by side, and the decision."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.vetting.adjudication import adjudicate, queue_with_votes
from hcvvet.vetting.models import CampaignCandidate

from ..permissions import IsCurator
from ..serializers import (
    AdjudicateSerializer,
    AdjudicationSerializer,
    CampaignRefSerializer,
    DisputedItemSerializer,
)
from .base import ApiView

MAX_QUEUE_ITEMS = 200


class AdjudicationQueueView(ApiView, APIView):
    permission_classes = (IsCurator,)

    @extend_schema(
        parameters=[
            OpenApiParameter("campaign", int, description="Only this campaign's disputes."),
            OpenApiParameter(
                "limit", int, description=f"At most this many (1 to {MAX_QUEUE_ITEMS}; default 50)."
            ),
        ],
        responses={200: DisputedItemSerializer(many=True)},
    )
    def get(self, request):
        """Disputed campaign candidates, oldest first, each with every vote cast on it."""
        form = CampaignRefSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        limit = _limit(request.query_params.get("limit", "50"))
        items = []
        for item, votes in queue_with_votes(
            campaign=form.validated_data.get("campaign"), viewer=request.user, limit=limit
        ):
            item.item_votes = votes
            items.append(item)
        return Response(DisputedItemSerializer(items, many=True).data)


def _limit(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_QUEUE_ITEMS:
        raise exceptions.ValidationError({"limit": [f"Give a whole number from 1 to {MAX_QUEUE_ITEMS}."]})
    return int(raw)


class AdjudicateView(ApiView, APIView):
    permission_classes = (IsCurator,)

    @extend_schema(request=AdjudicateSerializer, responses={201: AdjudicationSerializer})
    def post(self, request, item_id: int):
        """Settle a disputed campaign candidate (`item_id` from the queue); 409 when it is not disputed."""
        item = get_object_or_404(CampaignCandidate, pk=item_id)
        form = AdjudicateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decision = adjudicate(
            item=item,
            adjudicator=request.user,
            decided_class=int(form.validated_data["decided_class"]),
            note=form.validated_data["note"],
        )
        return Response(AdjudicationSerializer(decision).data, status=status.HTTP_201_CREATED)
