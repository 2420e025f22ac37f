"""Curators' admin for triage models: versions with their metrics; activate one, or roll back to the one
active before. Models are made by training (`manage.py triage train`, the Celery tasks), never by hand.

A model that learned from hcvvet's labels shows its label data (counts, metrics, confusion, gold figures) only
to curators allowed the label reports over every campaign (`report_access`): not to one who votes in a blind
campaign under way.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet

from hcvvet.vetting.visibility import report_access

from .models import TriageModel
from .services import TriageError, model_activate, model_rollback

OTHER_FIELDS = (*TriageModel.RECORD_FIELDS, "created_by", "file")


def _is_curator(request) -> bool:
    return request.user.is_active and request.user.is_staff and request.user.is_curator


def _label_data_hidden(request, model: TriageModel | None) -> bool:
    if report_access(request.user, None, uses_labels=True, per_object=False) is None:
        return False
    return model is None or model.rests_on_hcvvet_labels()


@admin.register(TriageModel)
class TriageModelAdmin(admin.ModelAdmin):
    list_display = ("id", "state", "is_active", "created_at", "train_seconds", "roc_auc", "brier", "reason")
    list_filter = ("state", "is_active")
    ordering = ("-id",)
    actions = ("activate", "roll_back")

    def has_module_permission(self, request):
        return _is_curator(request)

    def has_view_permission(self, request, obj=None):
        return _is_curator(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request) -> QuerySet[TriageModel]:
        return super().get_queryset(request).select_related("activated_by", "created_by")

    def get_fields(self, request, obj=None):
        if _label_data_hidden(request, obj):
            return OTHER_FIELDS
        return (*OTHER_FIELDS[:4], *TriageModel.LABEL_DATA_FIELDS, *OTHER_FIELDS[4:])

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_list_display(self, request):
        if report_access(request.user, None, uses_labels=True, per_object=False) is None:
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
