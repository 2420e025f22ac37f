"""Ingest jobs: everyone reads their status and progress; curators start, re-run and cancel them through
`hcvvet.ingest.services.lifecycle`, which validates the request and names the field at fault."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hcvvet.ingest.models import IngestJob
from hcvvet.ingest.services.lifecycle import IngestSpecError, job_cancel, job_create, job_rerun

from ..pagination import StableCursorPagination
from ..permissions import ReadsOrCurator
from ..serializers import IngestJobCreateSerializer, IngestJobSerializer
from .base import ID_PATTERN, ApiView


class IngestJobViewSet(ApiView, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = ID_PATTERN
    queryset = IngestJob.objects.select_related("created_by")
    serializer_class = IngestJobSerializer
    permission_classes = (ReadsOrCurator,)
    pagination_class = StableCursorPagination
    filterset_fields = ("state",)

    @extend_schema(request=IngestJobCreateSerializer, responses={201: IngestJobSerializer})
    def create(self, request):
        """Queue an ingest from MAST (curators). Poll the job for `state`, `stage` and `percent`."""
        form = IngestJobCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            job = job_create(**form.validated_data, created_by=request.user)
        except IngestSpecError as exc:
            raise exceptions.ValidationError({exc.field: [exc.message]}) from exc
        return Response(IngestJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: IngestJobSerializer})
    @action(detail=True, methods=["post"])
    def rerun(self, request, pk=None):
        """A new job with the same request (curators); re-running adds no duplicate rows."""
        try:
            job = job_rerun(self.get_object(), created_by=request.user)
        except IngestSpecError as exc:
            raise exceptions.ValidationError({exc.field: [exc.message]}) from exc
        return Response(IngestJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: IngestJobSerializer, 409: None})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a queued or running job (curators); 409 when it had already ended."""
        job = self.get_object()
        if not job_cancel(job):
            return Response(
                {"detail": f"Job {job.pk} already ended ({job.state})."}, status=status.HTTP_409_CONFLICT
            )
        return Response(IngestJobSerializer(job).data)
