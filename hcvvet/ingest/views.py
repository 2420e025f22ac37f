"""The job page and its JSON status (polled by the page and the admin to move the bar)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import IngestJob
from .services.state import job_status


@staff_member_required
def job_detail(request, pk: int):
    job = get_object_or_404(IngestJob, pk=pk)
    return render(request, "ingest/job_detail.html", {"job": job, "status": job_status(job)})


@staff_member_required
def job_status_json(request, pk: int):
    return JsonResponse(job_status(get_object_or_404(IngestJob, pk=pk)))
