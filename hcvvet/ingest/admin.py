"""Admin for ingest jobs: an add form validated by the ingest service, a re-run action, a live bar."""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from .labels import STAGE_LABELS, job_selection, readable
from .models import IngestJob, IngestJobPart, JobState
from .services.lifecycle import IngestSpecError, job_cancel, job_prepare, job_rerun, job_save
from .services.state import job_percent

# Request fields the add form edits as they are, and those it edits as comma-separated text.
PLAIN_FIELDS = [
    "target_name",
    "ra_deg",
    "dec_deg",
    "radius_arcsec",
    "autoclass_min",
    "expert_validated",
    "source",
    "fetch_cutouts",
]
TEXT_FIELDS = {"filters": "filters_text", "group_ids": "group_ids_text", "match_ids": "match_ids_text"}


class IngestJobForm(forms.ModelForm):
    """The add form: `clean()` builds the job through `job_prepare`, so the service's normalisation and
    validation are the only ones, and its errors show on the form beside the input they name."""

    filters_text = forms.CharField(
        required=False, label="Filters", help_text="Comma-separated, e.g. ACS_F475W,ACS_F814W."
    )
    group_ids_text = forms.CharField(required=False, label="GroupIDs", help_text="Comma-separated.")
    match_ids_text = forms.CharField(required=False, label="MatchIDs", help_text="Comma-separated.")

    class Meta:
        model = IngestJob
        fields = PLAIN_FIELDS

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            request = {name: cleaned[name] for name in PLAIN_FIELDS}
            request["filters"] = cleaned["filters_text"].split(",")
            request["group_ids"] = _whole_numbers(cleaned["group_ids_text"], TEXT_FIELDS["group_ids"])
            request["match_ids"] = _whole_numbers(cleaned["match_ids_text"], TEXT_FIELDS["match_ids"])
            job = job_prepare(**request)
        except IngestSpecError as e:
            field = TEXT_FIELDS.get(e.field, e.field)
            self.add_error(field if field in self.fields else None, e.message)
            return cleaned
        # The service's values (default radius, ...) are what `_post_clean` puts on the saved instance.
        self.instance = job
        cleaned.update({name: getattr(job, name) for name in PLAIN_FIELDS})
        return cleaned


def _whole_numbers(text: str, field: str) -> list[int]:
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise IngestSpecError(field, "Use comma-separated whole numbers.") from None


class IngestJobPartInline(admin.TabularInline):
    """The parts of a whole-catalogue job, read-only: what each holds, where it stands, how long it took."""

    model = IngestJobPart
    fields = ("kind", "number", "part_state", "rows", "worker", "started_at", "finished_at", "seconds")
    readonly_fields = fields
    ordering = ("-kind", "number")  # summary parts, then light curves
    extra = 0
    can_delete = False
    verbose_name_plural = "parts (a whole-catalogue job runs its summary and light curves as parts)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="state")
    def part_state(self, part: IngestJobPart) -> str:
        if part.finished:
            return "finished"
        if part.lease_token:
            return "running"
        if part.error:
            failed = part.job.state == JobState.FAILED
            return f"{'failed' if failed else 'waiting to retry'}: {part.error}"
        return "waiting"

    @admin.display(description="rows or objects")
    def rows(self, part: IngestJobPart) -> str:
        return f"{part.done:,} of {part.total:,}"

    @admin.display(description="seconds")
    def seconds(self, part: IngestJobPart) -> str:
        """Wall time from its first start to its end, and what its runs spent reading from MAST and
        writing."""
        if part.started_at is None:
            return "-"
        wall = f"{(part.finished_at - part.started_at).total_seconds():.1f}" if part.finished_at else "…"
        steps = ", ".join(
            f"{step} {part.timings[step]:.1f}" for step in ("read", "write") if step in part.timings
        )
        return f"{wall} ({steps})" if steps else wall


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    form = IngestJobForm
    list_display = (
        "id",
        "what",
        "state",
        "progress_bar",
        "count_summary",
        "job_page",
        "created_by",
        "created_at",
    )
    list_display_links = ("id", "what")
    list_filter = ("state", "source")
    actions = ("rerun", "cancel")

    def get_inlines(self, request, obj):
        return [IngestJobPartInline] if obj is not None and obj.parts.exists() else []

    class Media:
        css: ClassVar[dict[str, tuple[str, ...]]] = {"all": ("ingest/progress.css",)}
        js = ("ingest/progress.js",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                *PLAIN_FIELDS[:4],
                "filters_text",
                "autoclass_min",
                "expert_validated",
                "group_ids_text",
                "match_ids_text",
                "source",
                "fetch_cutouts",
            ]
        return [
            "job_page",
            "state",
            "stage",
            "progress_bar",
            "error",
            "warnings",
            "counts",
            "timings",
            *IngestJob.REQUEST_FIELDS,
            "created_by",
            "rerun_of",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """Only adds reach here (jobs are read-only once made); the form's `clean()` validated `obj`."""
        obj.created_by = request.user
        job_save(obj)

    @admin.display(description="selection")
    def what(self, job: IngestJob) -> str:
        return job_selection(job)

    @admin.display(description="job page")
    def job_page(self, job: IngestJob) -> str:
        return format_html('<a href="{}">View job page</a>', reverse("ingest:job-detail", args=[job.pk]))

    @admin.display(description="progress")
    def progress_bar(self, job: IngestJob) -> str:
        url = reverse("ingest:job-status", args=[job.pk])
        failed = " failed" if job.state == JobState.FAILED else ""
        return format_html(
            '<div data-status-url="{}"><div class="ingest-bar{}">'
            '<div class="ingest-bar-fill" style="width: {}%"></div></div>'
            '<span data-field="state">{}</span> <span data-field="stage_label">{}</span> '
            '<span data-field="error" class="ingest-error">{}</span></div>',
            url,
            failed,
            job_percent(job),
            job.state,
            readable(job.stage, STAGE_LABELS),
            job.error,
        )

    @admin.display(description="counts")
    def count_summary(self, job: IngestJob) -> str:
        c = job.counts
        if not c:
            return "-"
        return (
            f"{c.get('candidates', 0)} objects, {c.get('measurements', 0)} points, "
            f"{c.get('cutouts', 0)} cutouts"
        )

    @admin.action(description="Cancel the selected queued or running jobs")
    def cancel(self, request, queryset):
        cancelled = [job.pk for job in queryset if job_cancel(job)]
        self.message_user(
            request, f"Cancelled {len(cancelled)} job(s); jobs that had ended are left as they were."
        )

    @admin.action(description="Re-run the selected ingest jobs")
    def rerun(self, request, queryset):
        new = [job_rerun(job, created_by=request.user) for job in queryset]
        self.message_user(
            request, f"Queued {len(new)} job(s): {', '.join(str(j.pk) for j in new)}.", messages.SUCCESS
        )
