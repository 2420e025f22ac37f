"""Campaigns: everyone reads them; curators create, change, start and close them through
`hcvvet.vetting.campaigns`, which validates the selection and records a campaign event."""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from hcvvet.accounts.models import User
from hcvvet.vetting.campaigns import campaign_close, campaign_create, campaign_start, campaign_update
from hcvvet.vetting.models import Campaign, ConsensusState
from hcvvet.vetting.selection import Selection

from ..pagination import StableCursorPagination
from ..permissions import ReadsOrCurator
from ..serializers import CampaignSerializer, CampaignWriteSerializer
from ..uploads import UploadError, read_match_ids
from .base import ID_PATTERN, UPLOAD_FILE, ApiView


class CampaignViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN
    permission_classes = (ReadsOrCurator,)
    serializer_class = CampaignSerializer
    pagination_class = StableCursorPagination
    filterset_fields = ("state", "blind", "is_default")

    def get_queryset(self):
        return (
            Campaign.objects.select_related("created_by")
            # by username: a stable answer (an unordered prefetch comes back in any order on PostgreSQL)
            .prefetch_related(Prefetch("experts", queryset=User.objects.order_by("username")))
            .annotate(
                item_count=Count("items", distinct=True),
                retired_count=Count(
                    "items", filter=Q(items__consensus=ConsensusState.RETIRED), distinct=True
                ),
            )
        )

    def _reloaded(self, campaign: Campaign) -> dict:
        return CampaignSerializer(
            self.get_queryset().get(pk=campaign.pk), context=self.get_serializer_context()
        ).data

    @extend_schema(request=CampaignWriteSerializer, responses={201: CampaignSerializer})
    def create(self, request):
        """A draft campaign (curators)."""
        form = CampaignWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        experts = tuple(fields.pop("experts", ()))
        name = fields.pop("name")
        campaign = campaign_create(user=request.user, name=name, experts=experts, **fields)
        return Response(self._reloaded(campaign), status=status.HTTP_201_CREATED)

    @extend_schema(request=CampaignWriteSerializer(partial=True), responses={200: CampaignSerializer})
    def partial_update(self, request, pk=None):
        """Change settings (curators); after the start only name, description and experts change (409
        otherwise)."""
        campaign = self.get_object()
        form = CampaignWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        campaign_update(campaign=campaign, user=request.user, **form.validated_data)
        return Response(self._reloaded(campaign))

    @extend_schema(request=UPLOAD_FILE, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"], url_path="match-ids", parser_classes=[MultiPartParser])
    def match_ids(self, request, pk=None):
        """Set a draft campaign's candidates from an uploaded MatchID list (text or CSV, one per line; at most
        2 MB and 100,000 MatchIDs). Replaces `selection.match_ids`; a 400 on `file` names the bad line."""
        campaign = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["Upload a MatchID list as the `file` field."]})
        try:
            match_ids = read_match_ids(upload)
        except UploadError as error:
            raise exceptions.ValidationError({"file": [str(error)]}) from error
        selection = Selection.of(campaign).with_match_ids(match_ids)
        campaign_update(campaign=campaign, user=request.user, selection=selection)
        return Response(self._reloaded(campaign))

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Freeze the selection into the queue order and open the queues (curators; 409 unless a draft)."""
        campaign = campaign_start(campaign=self.get_object(), user=request.user)
        return Response(self._reloaded(campaign))

    @extend_schema(request=None, responses={200: CampaignSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the queues; blind labels become visible to everyone (curators)."""
        campaign = campaign_close(campaign=self.get_object(), user=request.user)
        return Response(self._reloaded(campaign))
