"""The light curves in the admin with the epoch rejections a curator may see: on a candidate waiting for their
vote in a blind campaign, only their own, those made before rejections had a campaign, and flagged images
(`visibility.with_seen_rejections`); the statistics recomputed without rejected epochs are left out there
(they rest on every expert's rejections). Replaces catalog's registration of Measurement, and gives the
candidate admin its light-curve and filter-row inlines."""

from django.contrib import admin

from hcvvet.catalog.admin import REJECTION_COLUMNS, FilterStatInline, MeasurementAdmin, MeasurementInline
from hcvvet.catalog.models import Measurement
from hcvvet.vetting.visibility import candidate_hidden, with_seen_rejections

SEEN = {"rejected": "seen_rejected", "rejected_source": "seen_rejected_source"}


class SeenRejections:
    """Shows `rejected` and `rejected_source` as the user sees them (annotated by `with_seen_rejections`)."""

    def get_queryset(self, request):
        return with_seen_rejections(super().get_queryset(request), request.user)

    @admin.display(boolean=True, description="rejected", ordering="seen_rejected")
    def seen_rejected(self, measurement: Measurement) -> bool:
        return measurement.seen_rejected

    @admin.display(description="rejected source", ordering="seen_rejected_source")
    def seen_rejected_source(self, measurement: Measurement) -> str:
        return measurement.seen_rejected_source


class SeenMeasurementInline(SeenRejections, MeasurementInline):
    fields = tuple(SEEN.get(name, name) for name in MeasurementInline.fields)
    readonly_fields = fields


class SeenFilterStatInline(FilterStatInline):
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and candidate_hidden(user=request.user, candidate=obj):
            return [name for name in fields if not name.startswith("vetted_")]
        return fields


class SeenRejectedFilter(admin.SimpleListFilter):
    title = "rejected"
    parameter_name = "seen_rejected"

    def lookups(self, request, model_admin):
        return (("1", "Yes"), ("0", "No"))

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(seen_rejected=self.value() == "1")
        return queryset


admin.site.unregister(Measurement)


@admin.register(Measurement)
class CuratedMeasurementAdmin(SeenRejections, MeasurementAdmin):
    list_display = tuple(SEEN.get(name, name) for name in MeasurementAdmin.list_display)
    list_filter = (
        SeenRejectedFilter,
        *(f for f in MeasurementAdmin.list_filter if f not in REJECTION_COLUMNS),
    )

    def lookup_allowed(self, lookup, value, request=None):
        """A lookup on the stored rejection (every expert's) would see through the filter above."""
        if lookup.split("__")[0] in REJECTION_COLUMNS:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request, obj=None):
        """The stored rejection (every expert's) is left out while the curator's vote is awaited."""
        fields = super().get_fields(request, obj)
        if obj is not None and candidate_hidden(user=request.user, candidate=obj.candidate):
            return [name for name in fields if name not in REJECTION_COLUMNS]
        return fields
