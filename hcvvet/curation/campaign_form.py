"""The campaign form of the curators' builder page and of the admin: one field per selection criterion, each
with its help text, composed into a `Selection` (which validates it) instead of a raw JSON box.

An empty selection is refused (it would take every object of the catalogue), objects without a stored light
curve are left out unless asked for, and a selection above `CONFIRM_ABOVE` candidates needs a tick to confirm.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Count, Q
from django.urls import reverse

from hcvvet.accounts.models import User
from hcvvet.catalog.filters import FILTER_NAME_HELP
from hcvvet.catalog.models import AutoClass, ExpertClass, Group
from hcvvet.vetting.admin import CampaignForm, in_form_words
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.models import Campaign, CampaignState
from hcvvet.vetting.selection import Selection
from hcvvet.vetting.visibility import GOLD_KEYS, gold_seen

CONFIRM_ABOVE = 5_000
# Selection keys that do not narrow the catalogue: a selection of only these would take every object.
NOT_NARROWING = frozenset({"has_light_curve", "live", "gold_match_ids", "gold_count"})
EMPTY_SELECTION = (
    "Choose at least one criterion (a field, an AutoClass, a filter, a MAD or magnitude range, a VarQualFlag "
    "pattern or MatchIDs): an empty selection would put every object of the catalogue in the campaign, "
    "constant stars included."
)
ID_SEPARATORS = re.compile(r"[\s,;]+")


def _group_choices() -> list[tuple[int, str]]:
    return [
        (group_id, f"{name or 'unnamed'} (GroupID {group_id})")
        for group_id, name in Group.objects.order_by("target_name", "group_id").values_list(
            "group_id", "target_name"
        )
    ]


def _ids(text: str, field: str) -> list[int] | None:
    """MatchIDs typed as numbers separated by spaces, commas or new lines; None when nothing was typed."""
    words = [word for word in ID_SEPARATORS.split(text) if word]
    if not words:
        return None
    bad = [word for word in words if not word.isdigit()]
    if bad:
        raise forms.ValidationError(f"not a MatchID: {', '.join(bad[:5])}", code=field)
    return [int(word) for word in words]


def _checkboxes(choices, **kwargs: Any) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        choices=[(value, f"{value}: {name}") for value, name in choices],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def _match_id_list(label: str, help_text: str, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": rows}), label=label, help_text=help_text
    )


@dataclass(frozen=True)
class SelectionCount:
    """How many candidates a selection picks, split by whether their light curve is stored."""

    with_light_curve: int
    without_light_curve: int
    include_without: bool

    @property
    def selected(self) -> int:
        """What the campaign would hold: objects without a light curve only when asked for."""
        return self.with_light_curve + (self.without_light_curve if self.include_without else 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "selected": self.selected,
            "with_light_curve": self.with_light_curve,
            "without_light_curve": self.without_light_curve,
            "include_without_light_curve": self.include_without,
            "confirm_above": CONFIRM_ABOVE,
            "needs_confirmation": self.selected > CONFIRM_ABOVE,
        }


class SelectionForm(forms.Form):
    """The selection criteria, one field each; `selection` holds the validated `Selection` of a valid form."""

    CRITERIA = (
        "group_ids",
        "auto_class",
        "hcv_expert_class",
        "filters",
        "mad_min",
        "mad_max",
        "mag_min",
        "mag_max",
        "var_qual_flag",
        "match_ids",
        "include_without_light_curve",
        "live",
        "gold_match_ids",
        "gold_count",
    )

    group_ids = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="Fields",
        help_text="The image groups (HCV GroupID, named by their target) whose candidates to vet. "
        "None chosen: every field.",
    )
    auto_class = _checkboxes(
        AutoClass.choices,
        label="AutoClass",
        initial=[AutoClass.SFVC, AutoClass.MFVC],
        help_text="The HCV pipeline's class: 1 single-filter and 2 multi-filter variable candidates; "
        "0 constant objects (context, rarely worth vetting). None ticked: every AutoClass.",
    )
    hcv_expert_class = _checkboxes(
        ExpertClass.choices,
        label="Catalogue ExpertClass",
        help_text="The class the HCV team's experts gave (0: not classified), to re-vet published classes. "
        "None ticked: any.",
    )
    filters = forms.CharField(
        required=False,
        label="Filters",
        help_text=f"Candidates with a row in one of these filters, separated by commas ({FILTER_NAME_HELP}). "
        "The MAD, magnitude and VarQualFlag conditions below must all hold on that same row.",
    )
    mad_min = forms.FloatField(
        required=False,
        label="MAD at least (mag)",
        help_text="Median absolute deviation of CorrMag (unscaled).",
    )
    mad_max = forms.FloatField(required=False, label="MAD at most (mag)")
    mag_min = forms.FloatField(
        required=False, label="MeanCorrMag at least (mag)", help_text="The bright end (smaller is brighter)."
    )
    mag_max = forms.FloatField(required=False, label="MeanCorrMag at most (mag)", help_text="The faint end.")
    var_qual_flag = forms.CharField(
        required=False,
        max_length=5,
        label="VarQualFlag pattern",
        help_text="Up to five letters A, B or C grading CI, D, MagerrAper2, MagAper2 - MagAuto and p2p "
        "(A best); ? for any letter; a shorter pattern matches the start, e.g. AA.",
    )
    match_ids = _match_id_list(
        "MatchIDs", "Only these objects: MatchIDs separated by spaces, commas or new lines.", rows=3
    )
    include_without_light_curve = forms.BooleanField(
        required=False,
        label="Include objects without a light curve",
        help_text="Objects whose light curve is not stored (constant stars of a field, or an ingest still "
        "running) show empty plots on the review page: they are left out unless ticked.",
    )
    live = forms.BooleanField(
        required=False,
        label="Live",
        help_text="Candidates ingested later that match join the queue: the selection is not frozen at "
        "start.",
    )
    gold_match_ids = _match_id_list(
        "Gold MatchIDs", "Selected candidates with a known class, mixed in to measure each expert's accuracy."
    )
    gold_count = forms.IntegerField(
        required=False,
        min_value=0,
        label="Gold candidates drawn",
        help_text="This many selected candidates with a known class drawn at random as gold.",
    )
    confirm_size = forms.BooleanField(
        required=False,
        label="Confirm a large campaign",
        help_text=f"Needed when the selection holds more than {CONFIRM_ABOVE:,} candidates.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.selection: Selection | None = None
        if "group_ids" in self.fields:
            self.fields["group_ids"].choices = _group_choices()
            self.fields["group_ids"].widget.attrs["size"] = 8
        if "confirm_size" in self.fields:
            # The page's script reads which fields to send for the live count, and where.
            self.fields["confirm_size"].widget.attrs.update(
                {
                    "data-count-url": reverse("curation:campaign_count"),
                    "data-criteria": ",".join(self.CRITERIA),
                }
            )

    def clean_match_ids(self) -> list[int] | None:
        return _ids(self.cleaned_data["match_ids"], "match_ids")

    def clean_gold_match_ids(self) -> list[int] | None:
        return _ids(self.cleaned_data["gold_match_ids"], "gold_match_ids")

    def clean_filters(self) -> list[str] | None:
        names = [name.strip() for name in self.cleaned_data["filters"].split(",") if name.strip()]
        return names or None

    def selection_json(self) -> dict[str, Any]:
        """The criteria as `Selection.parse` reads them: a field left empty sets no condition."""
        data = self.cleaned_data
        raw: dict[str, Any] = {
            key: data[key]
            for key in ("group_ids", "auto_class", "hcv_expert_class")
            if data.get(key)  # an empty choice means "any", never "none"
        }
        raw |= {
            key: data[key]
            for key in ("filters", "match_ids", "gold_match_ids", "mad_min", "mad_max", "mag_min", "mag_max")
            if data.get(key) is not None
        }
        if data.get("var_qual_flag"):
            raw["var_qual_flag"] = data["var_qual_flag"]
        if data.get("gold_count"):
            raw["gold_count"] = data["gold_count"]
        if data.get("live"):
            raw["live"] = True
        if not data.get("include_without_light_curve"):
            raw["has_light_curve"] = True
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.compose_selection()
        return data

    def compose_selection(self) -> None:
        """Compose and validate the selection (`self.selection`), or add the error to its field."""
        if any(name in self.errors for name in self.CRITERIA):
            return
        try:
            selection = Selection.parse(self.selection_json())
        except InvalidInput as error:
            self.add_error(
                error.field if error.field in self.fields else None, in_form_words(self, error.message)
            )
            return
        if set(selection.to_json()) <= NOT_NARROWING:
            self.add_error(None, forms.ValidationError(EMPTY_SELECTION, code="empty_selection"))
            return
        self.selection = selection

    def error_texts(self) -> list[str]:
        """Each error as the count shows it, after its field's label unless the message names the field."""
        texts = []
        for name, errors in self.errors.items():
            label = None if name == NON_FIELD_ERRORS else self[name].label
            texts += [
                message if label is None or label in message else f"{label}: {message}" for message in errors
            ]
        return texts

    def count(self) -> SelectionCount:
        """The candidates the selection picks, with and without a light curve (one query).

        Precondition: `is_valid()` returned True.
        """
        include_without = bool(self.cleaned_data.get("include_without_light_curve"))
        every = dataclasses.replace(self.selection or Selection(), has_light_curve=None)
        counts = every.candidates().aggregate(
            with_lc=Count("pk", filter=Q(has_light_curve=True)), total=Count("pk")
        )
        return SelectionCount(
            with_light_curve=counts["with_lc"],
            without_light_curve=counts["total"] - counts["with_lc"],
            include_without=include_without,
        )

    def check_size(self) -> SelectionCount:
        """Refuse a selection that picks nothing (unless live), or more than CONFIRM_ABOVE unconfirmed."""
        count = self.count()
        if count.selected == 0 and not self.selection.is_live:
            more = (
                f" ({count.without_light_curve:,} without a light curve are left out)"
                if count.without_light_curve
                else ""
            )
            self.add_error(None, f"The selection picks no candidate{more}.")
        elif count.selected > CONFIRM_ABOVE and not self.cleaned_data.get("confirm_size"):
            self.add_error(
                "confirm_size",
                f"The selection picks {count.selected:,} candidates, more than {CONFIRM_ABOVE:,}: "
                "tick to confirm, or narrow it.",
            )
        return count


def selection_initial(selection: Selection) -> dict[str, Any]:
    """The criteria fields' initial values for a stored selection."""
    initial: dict[str, Any] = {
        key: list(value)
        for key in ("group_ids", "auto_class", "hcv_expert_class")
        if (value := getattr(selection, key)) is not None
    }
    if selection.auto_class is None:
        initial["auto_class"] = []
    initial |= {
        key: value
        for key in ("mad_min", "mad_max", "mag_min", "mag_max", "var_qual_flag", "gold_count")
        if (value := getattr(selection, key)) is not None
    }
    initial |= {
        key: "\n".join(map(str, value))
        for key in ("match_ids", "gold_match_ids")
        if (value := getattr(selection, key)) is not None
    }
    if selection.filters is not None:
        initial["filters"] = ", ".join(selection.filters)
    initial["include_without_light_curve"] = selection.has_light_curve is not True
    initial["live"] = selection.is_live
    return initial


def selection_editable(campaign: Campaign | None) -> bool:
    return campaign is None or (campaign.state == CampaignState.DRAFT and not campaign.is_default)


class CampaignBuilderForm(SelectionForm, CampaignForm):
    """The campaign's settings (as the campaign services take them) with its selection built from the
    criteria fields; the same form on the builder page and in the admin. A started or default campaign's
    selection is frozen: its criteria fields are left out."""

    class Meta(CampaignForm.Meta):
        fields = tuple(name for name in CampaignForm.Meta.fields if name != "selection")

    # Whose form it is (the admin sets it per request): gold keys show only to those `gold_seen` allows.
    viewer: User | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.instance if self.instance.pk else None
        # The stored gold keys a viewer may not see: kept as they are when the selection is saved.
        self.kept_gold: dict[str, Any] = {}
        if not selection_editable(campaign):
            for name in (*self.CRITERIA, "confirm_size"):
                self.fields.pop(name, None)
            return
        if campaign is None:
            return
        stored = Selection.of(campaign).to_json()
        if self.viewer is None or not gold_seen(campaign, self.viewer):
            self.kept_gold = {key: stored.pop(key) for key in GOLD_KEYS if key in stored}
            for name in GOLD_KEYS:
                self.fields.pop(name, None)
        if not self.is_bound:
            self.initial.update(selection_initial(Selection.from_json(stored)))

    def selection_json(self) -> dict[str, Any]:
        return {**super().selection_json(), **self.kept_gold}

    def clean(self) -> dict[str, Any]:
        if "auto_class" in self.fields:  # not frozen: the selection comes from the criteria fields
            self.compose_selection()
            if self.selection is not None:
                self.check_size()
                self.cleaned_data["selection"] = self.selection.to_json()
        return CampaignForm.clean(self)

    def changed_settings(self) -> dict[str, Any]:
        changed = super().changed_settings()
        selection = self.cleaned_data.get("selection")
        if selection is not None and (self.instance.pk is None or selection != self.instance.selection):
            changed["selection"] = selection
        return changed

    def create_campaign(self, user: User) -> Campaign:
        """The new draft campaign, through the campaign service (the admin saves through its own
        `save_model`, which calls the same services).

        Precondition: `is_valid()` returned True.
        """
        fields = self.changed_settings()
        name = fields.pop("name")
        return campaign_create(user=user, name=name, experts=tuple(self.cleaned_data["experts"]), **fields)
