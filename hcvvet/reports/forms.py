"""Report filters and the labelled-table upload, validated the same way for the pages and the command."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings

from hcvvet.catalog.filters import FILTER_NAME
from hcvvet.catalog.models import Group
from hcvvet.vetting.models import Campaign

from .labelled_anonymous import ANONYMOUS_PARAMETER, anonymous_flag
from .selectors import LABEL_SOURCES, ReportFilters, default_auto_classes

AUTO_CLASS_CHOICES = [(0, "constant (0)"), (1, "SFVC (1)"), (2, "MFVC (2)")]
IMPORT_MAX_BYTES = getattr(settings, "FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
IMPORT_FORMATS = {".csv": "csv", ".ecsv": "ecsv", ".vot": "votable", ".xml": "votable", ".fits": "fits"}


def _filter_name(value: str, field: str) -> str:
    value = value.strip().upper()
    if value and not FILTER_NAME.match(value):
        raise forms.ValidationError(
            f"{field} must look like INSTRUMENT_FILTER, e.g. ACS_F814W", code="filter_name"
        )
    return value


class AnonymousCheckbox(forms.CheckboxInput):
    """The `anonymous` flag as a checkbox that sends 1, read as the downloads read it (1, true, 0, false), so
    the page's export links carry the query string unchanged."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"value": "1", **(attrs or {})}, check_test=self.checked)

    @staticmethod
    def checked(value) -> bool:
        return value is True or value in ("1", "true")

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class ReportFilterForm(forms.Form):
    """The filter set of the reports; `filters()` gives the `ReportFilters` of a valid form, and `anonymous`
    (not a filter) whether exports name experts by anonymous ids."""

    source = forms.ChoiceField(choices=list(LABEL_SOURCES.items()), initial="hcv", required=False)
    campaign = forms.CharField(
        required=False,
        max_length=120,
        widget=forms.Select,
        help_text="label source 'hcvvet labels': this campaign's consensus",
    )
    group = forms.IntegerField(required=False, label="GroupID")
    filter = forms.CharField(required=False, max_length=16, help_text="e.g. ACS_F814W")
    auto_class = forms.TypedMultipleChoiceField(
        choices=AUTO_CLASS_CHOICES,
        coerce=int,
        required=False,
        label="AutoClass",
        help_text="default: 1 and 2; for MAD versus magnitude 0, 1 and 2",
    )
    labelled_from = forms.DateField(required=False, help_text="objects voted on from this date (YYYY-MM-DD)")
    labelled_to = forms.DateField(required=False, help_text="... up to this date, inclusive")
    blue = forms.CharField(required=False, max_length=16, help_text="colour-magnitude blue filter")
    red = forms.CharField(required=False, max_length=16, help_text="colour-magnitude red filter")
    colour_by = forms.ChoiceField(
        choices=[("expert", "expert class"), ("auto", "AutoClass")], required=False, initial="expert"
    )
    anonymous = forms.CharField(
        required=False,
        widget=AnonymousCheckbox,
        label="Anonymous expert ids",
        help_text="the exports below name experts by stable anonymous ids (expert-...), not by username",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A choice list of the campaigns, validated by `clean_campaign` as the command's free text is.
        names = Campaign.objects.order_by("name").values_list("name", flat=True)
        self.fields["campaign"].widget.choices = [("", "all (no campaign)"), *((n, n) for n in names)]

    def clean_anonymous(self) -> bool:
        try:
            return anonymous_flag(self.cleaned_data[ANONYMOUS_PARAMETER] or None)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="anonymous") from None

    def clean_campaign(self) -> str:
        name = self.cleaned_data["campaign"].strip()
        if name and not Campaign.objects.filter(name=name).exists():
            raise forms.ValidationError(f"no campaign named {name!r}", code="unknown_campaign")
        return name

    def clean_group(self) -> int | None:
        group_id = self.cleaned_data["group"]
        if group_id is not None and not Group.objects.filter(pk=group_id).exists():
            raise forms.ValidationError(f"no group with GroupID {group_id}", code="unknown_group")
        return group_id

    def clean_filter(self) -> str:
        return _filter_name(self.cleaned_data["filter"], "Filter")

    def clean_blue(self) -> str:
        return _filter_name(self.cleaned_data["blue"], "Blue filter")

    def clean_red(self) -> str:
        return _filter_name(self.cleaned_data["red"], "Red filter")

    def clean_labelled_to(self) -> date | None:
        stop = self.cleaned_data["labelled_to"]
        if stop == date.max:  # the range ends the day after, which no date can hold
            raise forms.ValidationError(f"the end date must be before {date.max.isoformat()}")
        return stop

    def clean(self) -> dict:
        data = super().clean()
        start, stop = data.get("labelled_from"), data.get("labelled_to")
        if start and stop and start > stop:
            self.add_error("labelled_to", "the end date is before the start date")
        if bool(data.get("blue")) != bool(data.get("red")):
            self.add_error("red" if data.get("blue") else "blue", "give both colour filters, or neither")
        elif data.get("blue") and data["blue"] == data["red"]:
            self.add_error("red", "the two colour filters must differ")
        return data

    def filters(self, report: str = "") -> ReportFilters:
        """The filters of report `report` (its default AutoClasses when none are chosen, see
        `selectors.default_auto_classes`). Precondition: `is_valid()` returned True."""
        data = self.cleaned_data
        return ReportFilters(
            source=data["source"] or "hcv",
            campaign=data["campaign"],
            group_id=data["group"],
            filter_name=data["filter"],
            auto_classes=tuple(sorted(data["auto_class"])) or default_auto_classes(report),
            labelled_from=data["labelled_from"],
            labelled_to=data["labelled_to"],
            blue=data["blue"],
            red=data["red"],
            colour_by=data["colour_by"] or "expert",
        )


class LabelledImportForm(forms.Form):
    """Upload of a labelled candidate export (CSV, ECSV, VOTable or FITS, by file extension) and the campaign
    its votes go into; `dry_run` only compares the file with the campaign."""

    file = forms.FileField(
        help_text=f"a labelled candidate export ({', '.join(sorted(IMPORT_FORMATS))}), "
        f"at most {IMPORT_MAX_BYTES // (1024 * 1024)} MB"
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.order_by("name"),
        to_field_name="name",
        help_text="the votes are written into this campaign (it must be active)",
    )
    dry_run = forms.BooleanField(required=False, label="Only compare, write nothing")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in IMPORT_FORMATS:
            raise forms.ValidationError(
                f"unknown file type {suffix or '(none)'}; "
                f"expected one of {', '.join(sorted(IMPORT_FORMATS))}",
                code="file_type",
            )
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"the file is {upload.size:,} bytes; the limit is {IMPORT_MAX_BYTES:,}", code="too_large"
            )
        return upload

    def format(self) -> str:
        """Precondition: `is_valid()` returned True."""
        name = self.cleaned_data["file"].name
        return IMPORT_FORMATS["." + name.rsplit(".", 1)[-1].lower()]

    def import_arguments(self) -> dict:
        """The arguments of `labelled_candidates_import` the upload describes (a dry run writes nothing); the
        view calls the service, the form only validates.

        Precondition: `is_valid()` returned True.
        """
        data = self.cleaned_data
        return {
            "data": data["file"].read(),
            "fmt": self.format(),
            "campaign": data["campaign"],
            "write": not data["dry_run"],
        }
