"""Queues: an expert's campaigns with progress, and "next candidate for me" (leased while the page is
open)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from hcvvet.ingest.models import IngestJob
from hcvvet.ingest.services.state import ACTIVE_STATES
from hcvvet.vetting.next_candidate import next_candidate
from hcvvet.vetting.queues import queues_for
from hcvvet.vetting.visibility import ROW_VISIBILITY

from ..permissions import IsExpert, IsReader
from ..serializers import CampaignRefSerializer, NextCandidateSerializer, QueueSerializer
from .base import ApiView, campaign_or_default


class QueueListView(ApiView, APIView):
    permission_classes = (IsReader,)

    @extend_schema(responses={200: QueueSerializer(many=True)})
    def get(self, request):
        """The active campaigns you label in (the default one first), with your progress; empty for
        viewers. `ingesting` says, as the pages do, that an ingest job is still queued or running."""
        queues = queues_for(request.user)
        ingesting = bool(queues) and IngestJob.objects.filter(state__in=ACTIVE_STATES).exists()
        return Response(QueueSerializer(queues, many=True, context={"ingesting": ingesting}).data)


class NextCandidateView(ApiView, APIView):
    permission_classes = (IsExpert,)

    @extend_schema(request=CampaignRefSerializer, responses={200: NextCandidateSerializer})
    def post(self, request):
        """Lease and return the next candidate of your queue in a campaign (default: the default campaign).
        Asking again before labelling returns the same candidate; `candidate` is null when the queue is
        empty."""
        form = CampaignRefSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        campaign = campaign_or_default(form.validated_data)
        result = next_candidate(expert=request.user, campaign=campaign)
        context = {"request": request, "visibility": ROW_VISIBILITY}
        return Response(NextCandidateSerializer(result, context=context).data)
