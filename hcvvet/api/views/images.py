"""HLA images and their flags: everyone reads; curators flag a bad image (every epoch on it is rejected and
the statistics recomputed by `hcvvet.vetting.image_flags`) or clear the flag."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hcvvet.catalog.models import Image
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.models import ImageFlag

from ..filters import IdFilter
from ..pagination import StableCursorPagination
from ..permissions import IsCurator, IsReader
from ..serializers import ImageFlagRequestSerializer, ImageFlagSerializer, ImageSerializer
from .base import ID_PATTERN, ApiView


class ImageFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        lookup_expr="icontains", max_length=64, help_text="Part of the ImageName."
    )
    filter = django_filters.CharFilter(lookup_expr="iexact", max_length=16)
    proposal_id = IdFilter()

    class Meta:
        model = Image
        fields = ("flagged", "instrument", "proposal_id")


class ImagePagination(StableCursorPagination):
    ordering = "name"


class ImageViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Image.objects.all()
    serializer_class = ImageSerializer
    permission_classes = (IsReader,)
    filterset_class = ImageFilter
    pagination_class = ImagePagination

    def get_permissions(self):
        if self.action in ("flag", "unflag"):
            return [IsCurator()]
        return super().get_permissions()

    @extend_schema(request=ImageFlagRequestSerializer, responses={201: ImageFlagSerializer})
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        """Flag the image bad (curators): every measurement on it is rejected; 409 if already flagged."""
        form = ImageFlagRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        flag = image_flag(image=self.get_object(), user=request.user, reason=form.validated_data["reason"])
        return Response(ImageFlagSerializer(flag).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ImageFlagSerializer})
    @action(detail=True, methods=["post"])
    def unflag(self, request, pk=None):
        """Clear the image's flag (curators): its measurements and statistics come back; 409 if not
        flagged."""
        flag = image_unflag(image=self.get_object(), user=request.user)
        return Response(ImageFlagSerializer(flag).data)


class ImageFlagViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN
    """Every image flag, active and cleared (read-only: flags change through the image's flag/unflag)."""

    queryset = ImageFlag.objects.select_related("flagged_by", "cleared_by")
    serializer_class = ImageFlagSerializer
    permission_classes = (IsReader,)
    pagination_class = StableCursorPagination
    filterset_fields = ("image",)
