"""Curators' admin for triage models: versions with their metrics; activate one, or roll back to the one
active before. Models are made by training (`manage.py triage train`, the Celery tasks), never by hand. And
the shown-prediction records of labels, read-only.

A model that learned from hcvvet's labels shows its label data (counts, metrics, confusion, gold figures) only
to curators allowed the label reports over every campaign (`report_access`): not to one who votes in a blind
campaign under way. Such a curator sees, as on the vetting admin's pages, no record of another expert's label
of a candidate waiting for their vote (`visibility.without_hidden`), and, as in the API, the prediction kept
with a record of a label saved without one shown only if allowed the anchoring report.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet

from hcvvet.vetting.admin import ReadOnlyAdmin
from hcvvet.vetting.visibility import report_access, without_hidden

from .models import Shown, ShownPrediction, TriageModel
from .services import TriageError, model_activate, model_rollback

OTHER_FIELDS = (*TriageModel.RECORD_FIELDS, "created_by", "file")


def _reads_label_data(request) -> bool:
    """Whether the label reports over every campaign are open to the user (no blind campaign they vote in
    is under way); asked once per request."""
    reads = getattr(request, "_hcvvet_reads_label_data", None)
    if reads is None:
        reads = report_access(request.user, None, uses_labels=True, per_object=False) is None
        setattr(request, "_hcvvet_reads_label_data", reads)  # noqa: B010 (HttpRequest declares no such field)
    return reads


def _label_data_hidden(request, model: TriageModel | None) -> bool:
    if _reads_label_data(request):
        return False
    return model is None or model.rests_on_hcvvet_labels()


@admin.register(TriageModel)
class TriageModelAdmin(ReadOnlyAdmin):
    list_display = ("id", "state", "is_active", "created_at", "train_seconds", "roc_auc", "brier", "reason")
    list_filter = ("state", "is_active")
    ordering = ("-id",)
    actions = ("activate", "roll_back")

    def get_queryset(self, request) -> QuerySet[TriageModel]:
        return super().get_queryset(request).select_related("activated_by", "created_by")

    def get_fields(self, request, obj=None):
        if _label_data_hidden(request, obj):
            return OTHER_FIELDS
        return (*OTHER_FIELDS[:4], *TriageModel.LABEL_DATA_FIELDS, *OTHER_FIELDS[4:])

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_list_display(self, request):
        if _reads_label_data(request):
            return self.list_display
        return tuple(name for name in self.list_display if name not in TriageModel.LABEL_DATA_FIELDS)

    @admin.action(description="Activate the selected model (it serves predictions)")
    def activate(self, request, queryset: QuerySet[TriageModel]) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one model to activate.", messages.ERROR)
            return
        try:
            model = model_activate(model=queryset.get(), user=request.user, queue_predictions=True)
        except TriageError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, f"Model {model.pk} is active; its predictions are being refreshed.")

    @admin.action(description="Roll back to the model active before the current one")
    def roll_back(self, request, queryset: QuerySet[TriageModel]) -> None:
        try:
            model = model_rollback(user=request.user, queue_predictions=True)
        except TriageError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, f"Model {model.pk} is active again; its predictions are being refreshed.")


def _probabilities_column(request):
    """The records' probabilities as `request.user` may read them, as an admin column: the prediction kept
    with a record of a label saved without one shown only for whom the anchoring report is open (the API's
    rule). Made once per request, so the list and the change page use the same column."""
    column = getattr(request, "_hcvvet_shown_probabilities", None)
    if column is not None:
        return column
    reads_unseen = _reads_label_data(request)

    @admin.display(description="probabilities")
    def probabilities(record: ShownPrediction) -> str:
        values = record.probabilities
        if values is None:
            return "-"
        if record.shown not in (Shown.BEFORE, Shown.AFTER) and not reads_unseen:
            return "not shown to the expert (anchoring report only)"
        return ", ".join(f"P({cls}) {p:.3f}" for cls, p in values.items())

    setattr(request, "_hcvvet_shown_probabilities", probabilities)  # noqa: B010 (as above)
    return probabilities


@admin.register(ShownPrediction)
class ShownPredictionAdmin(ReadOnlyAdmin):
    """What each label's expert was shown of the model when they saved it (`triage/display.py`): who, which
    candidate in which campaign, the class they gave, the model version and its probabilities, and when."""

    list_filter = (("label__campaign", admin.RelatedOnlyFieldListFilter), "model_version", "shown")
    search_fields = ("=label__candidate__match_id", "label__expert__username")
    list_select_related = ("label__expert", "label__campaign")
    ordering = ("-recorded_at", "-label_id")

    def get_queryset(self, request) -> QuerySet[ShownPrediction]:
        records = super().get_queryset(request).select_related("label__expert", "label__campaign")
        return without_hidden(records, request.user, candidate="label__candidate", own="label__expert")

    def get_list_display(self, request):
        return (
            "recorded_at",
            "expert",
            "candidate",
            "campaign",
            "expert_class",
            "shown",
            "model_version",
            _probabilities_column(request),
        )

    def get_fields(self, request, obj=None):
        return (
            "label",
            "expert",
            "candidate",
            "campaign",
            "expert_class",
            "display",
            "shown",
            "model_version",
            _probabilities_column(request),
            "recorded_at",
        )

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="expert", ordering="label__expert__username")
    def expert(self, record: ShownPrediction) -> str:
        return record.label.expert.username

    @admin.display(description="candidate (MatchID)", ordering="label__candidate_id")
    def candidate(self, record: ShownPrediction) -> int:
        return record.label.candidate_id

    @admin.display(description="campaign", ordering="label__campaign__name")
    def campaign(self, record: ShownPrediction) -> str:
        return record.label.campaign.name
