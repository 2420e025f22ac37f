"""API serializers, one module per resource as the views are: read shapes of the catalogue and the vetting
records, and validated input forms.

Serializers never write: views pass validated input to the owning app's services. The names are re-exported
here because the OpenAPI schema (component names) and the views import them from this package.
"""

from .adjudication import AdjudicateSerializer, AdjudicationSerializer, DisputedItemSerializer, VoteSerializer
from .auth import MeSerializer, TokenRequestSerializer, TokenSerializer
from .campaigns import CampaignRefSerializer, CampaignSerializer, CampaignWriteSerializer
from .candidates import (
    CandidateDetailSerializer,
    CandidateSerializer,
    CutoutSerializer,
    FilterStatSerializer,
    MeasurementSerializer,
)
from .fields import LABEL_CLASS_CHOICES, MAX_ID, IdRelatedField
from .images import ImageFlagRequestSerializer, ImageFlagSerializer, ImageSerializer
from .ingest import IngestJobCreateSerializer, IngestJobSerializer
from .labels import (
    LabelChangeSerializer,
    LabelEventSerializer,
    LabelSerializer,
    LabelWriteSerializer,
    SkipSerializer,
)
from .queues import NextCandidateSerializer, QueueSerializer
from .reports import ImportSummarySerializer, ReportIndexSerializer

__all__ = [
    "LABEL_CLASS_CHOICES",
    "MAX_ID",
    "AdjudicateSerializer",
    "AdjudicationSerializer",
    "CampaignRefSerializer",
    "CampaignSerializer",
    "CampaignWriteSerializer",
    "CandidateDetailSerializer",
    "CandidateSerializer",
    "CutoutSerializer",
    "DisputedItemSerializer",
    "FilterStatSerializer",
    "IdRelatedField",
    "ImageFlagRequestSerializer",
    "ImageFlagSerializer",
    "ImageSerializer",
    "ImportSummarySerializer",
    "IngestJobCreateSerializer",
    "IngestJobSerializer",
    "LabelChangeSerializer",
    "LabelEventSerializer",
    "LabelSerializer",
    "LabelWriteSerializer",
    "MeSerializer",
    "MeasurementSerializer",
    "NextCandidateSerializer",
    "QueueSerializer",
    "ReportIndexSerializer",
    "SkipSerializer",
    "TokenRequestSerializer",
    "TokenSerializer",
    "VoteSerializer",
]
