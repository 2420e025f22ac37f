"""The ingest pages for curators: the index of recent jobs, a job's page and its JSON status (polled by the
pages and the admin to move the bars). Others get a 403 page that says who may watch ingests."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .labels import job_selection, labelled_status
from .models import IngestJob
from .services.state import job_status

RECENT_JOBS = 50


def curator_view(view):
    """Only curators watch ingests (they start them in the admin); signing in is asked by the login
    middleware first."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_curator):
            raise PermissionDenied("Only curators watch ingest jobs.")
        return view(request, *args, **kwargs)

    return wrapper


def _row(job: IngestJob) -> dict:
    return {"job": job, "selection": job_selection(job), "status": labelled_status(job_status(job))}


@require_GET
@curator_view
def job_index(request: HttpRequest) -> HttpResponse:
    jobs = IngestJob.objects.select_related("created_by").order_by("-created_at", "-pk")[:RECENT_JOBS]
    return render(request, "ingest/job_index.html", {"rows": [_row(job) for job in jobs]})


@require_GET
@curator_view
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "ingest/job_detail.html", _row(get_object_or_404(IngestJob, pk=pk)))


@require_GET
@curator_view
def job_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(labelled_status(job_status(get_object_or_404(IngestJob, pk=pk))))
