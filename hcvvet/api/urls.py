"""The REST API under /api/: schema, Swagger UI, token login and one router for the resources."""

from django.urls import URLPattern, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .permissions import IsReader
from .views import adjudication, auth, campaigns, candidates, images, ingest, labels, queues, reports, triage
from .views.base import ID_PATTERN

app_name = "api"

router = SimpleRouter()
router.register("candidates", candidates.CandidateViewSet, basename="candidate")
router.register("labels", labels.LabelViewSet, basename="label")
router.register("campaigns", campaigns.CampaignViewSet, basename="campaign")
router.register("images", images.ImageViewSet, basename="image")
router.register("image-flags", images.ImageFlagViewSet, basename="image-flag")
router.register("ingest-jobs", ingest.IngestJobViewSet, basename="ingest-job")
router.register("triage/models", triage.TriageModelViewSet, basename="triage-model")
router.register("triage/shown", triage.ShownPredictionViewSet, basename="triage-shown")


def _by_id(prefix: str, kwarg: str, view, *, name: str) -> URLPattern:
    """`prefix/<id>/` with the id passed as `kwarg`, matched as the router's viewsets match theirs
    (`ID_PATTERN`): an id out of range is a 404, never a database error."""
    return re_path(rf"^{prefix}/(?P<{kwarg}>{ID_PATTERN})/$", view, name=name)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[IsReader]), name="schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file of its own: the Content Security Policy allows
        # no inline script.
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[IsReader]),
        name="docs",
    ),
    path("auth/token/", auth.TokenObtainView.as_view(), name="token"),
    path("me/", auth.MeView.as_view(), name="me"),
    path("queues/", queues.QueueListView.as_view(), name="queues"),
    path("queues/next/", queues.NextCandidateView.as_view(), name="queue-next"),
    path("adjudication/", adjudication.AdjudicationQueueView.as_view(), name="adjudication-queue"),
    _by_id("adjudication", "item_id", adjudication.AdjudicateView.as_view(), name="adjudicate"),
    path("triage/anchoring/", triage.AnchoringView.as_view(), name="triage-anchoring"),
    path("triage/estimates/", triage.EstimatesView.as_view(), name="triage-estimates"),
    path("triage/predictions/", triage.PredictionListView.as_view(), name="triage-predictions"),
    _by_id(
        "triage/predictions", "match_id", triage.CandidatePredictionView.as_view(), name="triage-prediction"
    ),
    path("reports/", reports.ReportIndexView.as_view(), name="reports"),
    path(
        "reports/labelled-candidates/", reports.LabelledCandidatesView.as_view(), name="labelled-candidates"
    ),
    path("reports/labelled-candidates/import/", reports.LabelledImportView.as_view(), name="labelled-import"),
    path("reports/<slug:name>/", reports.ReportView.as_view(), name="report"),
    path("", include(router.urls)),
]
