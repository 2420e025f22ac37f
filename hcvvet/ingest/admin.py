"""Admin for ingest jobs: an add form that validates like the command, a re-run action, a live bar."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from .models import IngestJob, JobState
from .services.jobs import IngestSpecError, job_cancel, job_percent, job_queue, job_rerun, job_validate


class IngestJobForm(forms.ModelForm):
    filters_text = forms.CharField(
        required=False, label="Filters", help_text="Comma-separated, e.g. ACS_F475W,ACS_F814W."
    )
    group_ids_text = forms.CharField(required=False, label="GroupIDs", help_text="Comma-separated.")
    match_ids_text = forms.CharField(required=False, label="MatchIDs", help_text="Comma-separated.")

    class Meta:
        model = IngestJob
        fields = [
            "target_name",
            "ra_deg",
            "dec_deg",
            "radius_arcsec",
            "autoclass_min",
            "expert_validated",
            "source",
            "fetch_cutouts",
        ]

    def _ints(self, name: str) -> list[int]:
        try:
            return [int(v) for v in self.cleaned_data.get(name, "").split(",") if v.strip()]
        except ValueError:
            raise forms.ValidationError({name: "Use comma-separated whole numbers."}) from None

    def clean(self):
        cleaned = super().clean()
        job = self.instance
        for name in self.Meta.fields:
            if name in cleaned:
                setattr(job, name, cleaned[name])
        job.filters = sorted(
            {f.strip().upper() for f in cleaned.get("filters_text", "").split(",") if f.strip()}
        )
        job.group_ids = sorted(set(self._ints("group_ids_text")))
        job.match_ids = sorted(set(self._ints("match_ids_text")))
        job.target_name = (job.target_name or "").strip()
        try:
            job_validate(job)
        except IngestSpecError as e:
            field = (
                e.field
                if e.field in self.fields
                else f"{e.field}_text"
                if f"{e.field}_text" in self.fields
                else None
            )
            raise forms.ValidationError({field: e.message} if field else e.message) from None
        return cleaned


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    form = IngestJobForm
    list_display = ["id", "what", "state", "progress_bar", "count_summary", "created_by", "created_at"]
    list_filter = ["state", "source"]
    actions = ["rerun", "cancel"]

    class Media:
        css = {"all": ["ingest/progress.css"]}
        js = ["ingest/progress.js"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                *IngestJobForm.Meta.fields[:4],
                "filters_text",
                "autoclass_min",
                "expert_validated",
                "group_ids_text",
                "match_ids_text",
                "source",
                "fetch_cutouts",
            ]
        return [
            "state",
            "stage",
            "progress_bar",
            "error",
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
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            job_queue(obj)

    @admin.display(description="selection")
    def what(self, job: IngestJob) -> str:
        return str(job).split(" ", 2)[-1]

    @admin.display(description="progress")
    def progress_bar(self, job: IngestJob) -> str:
        url = reverse("ingest:job-status", args=[job.pk])
        failed = " failed" if job.state == JobState.FAILED else ""
        return format_html(
            '<div data-status-url="{}"><div class="ingest-bar{}"><div class="ingest-bar-fill" style="width: {}%">'
            '</div></div><span data-field="state">{}</span> <span data-field="stage">{}</span> '
            '<span data-field="error" class="ingest-error">{}</span></div>',
            url,
            failed,
            job_percent(job),
            job.state,
            job.stage,
            job.error,
        )

    @admin.display(description="counts")
    def count_summary(self, job: IngestJob) -> str:
        c = job.counts
        if not c:
            return "-"
        return f"{c.get('candidates', 0)} objects, {c.get('measurements', 0)} points, {c.get('cutouts', 0)} cutouts"

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
