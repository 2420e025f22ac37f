"""A campaign's selection: the filters a curator chose, as a value that parses, validates, describes and
queries.

`Campaign.selection` stores `Selection.to_json()`; every reader goes through `Selection.of(campaign)` and
never reads its keys. Every key of the JSON object is optional and the conditions are ANDed:
  group_ids [int], auto_class [0|1|2], hcv_expert_class [0|1|2|4], match_ids [int],
  filters [str] (e.g. "ACS_F814W"), mad_min/mad_max (mag), mag_min/mag_max (MeanCorrMag, mag),
  var_qual_flag (a VarQualFlag pattern, see `hcvvet.catalog.filters`), has_light_curve (bool: only objects
  whose light curve is stored, or only those without one), live (bool: new candidates join as ingested),
  gold_match_ids [int] and gold_count (int: that many catalogue-classified candidates drawn at random) name
  the gold candidates among the selected ones when the campaign starts (gold from outside the selection would
  stand out); they do not narrow the selection. The per-filter conditions (filters, MAD,
magnitude, VarQualFlag) must all hold on the same filter row.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hcvvet.catalog.filters import (
    FILTER_NAME_HELP,
    FilterRowConditions,
    is_filter_name,
    normalise_filter_name,
    parse_var_qual_pattern,
)
from hcvvet.catalog.models import AutoClass, Candidate, ExpertClass
from hcvvet.catalog.selectors import with_filter_row

from .errors import InvalidInput

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import Campaign

INT_LISTS: dict[str, set[int] | None] = {
    "group_ids": None,
    "auto_class": set(AutoClass.values),
    "hcv_expert_class": set(ExpertClass.values),
    "match_ids": None,
    "gold_match_ids": None,
}
RANGES = ("mad_min", "mad_max", "mag_min", "mag_max")
KEYS = (*INT_LISTS, "filters", *RANGES, "var_qual_flag", "has_light_curve", "live", "gold_count")
# Keys that name candidates one by one rather than filter the catalogue.
EXPLICIT_KEYS = frozenset({"match_ids", "gold_match_ids", "gold_count"})
MAX_MATCH_IDS = 100_000
MAX_GOLD_COUNT = 10_000


@dataclass(frozen=True)
class Selection:
    """A validated selection. None means "no condition"; an empty tuple selects nothing of that kind."""

    group_ids: tuple[int, ...] | None = None
    auto_class: tuple[int, ...] | None = None
    hcv_expert_class: tuple[int, ...] | None = None
    match_ids: tuple[int, ...] | None = None
    gold_match_ids: tuple[int, ...] | None = None
    filters: tuple[str, ...] | None = None
    mad_min: float | None = None
    mad_max: float | None = None
    mag_min: float | None = None
    mag_max: float | None = None
    var_qual_flag: str | None = None
    has_light_curve: bool | None = None
    live: bool | None = None
    gold_count: int | None = None

    @classmethod
    def parse(cls, raw: Any) -> Selection:
        """The selection a user wrote (a JSON object, or a Selection); raises InvalidInput naming the bad
        field."""
        if isinstance(raw, Selection):
            return raw
        if not isinstance(raw, dict):
            raise InvalidInput("selection must be an object", field="selection")
        unknown = sorted(set(raw) - set(KEYS))
        if unknown:
            raise InvalidInput(f"unknown selection keys: {', '.join(unknown)}", field="selection")
        values: dict[str, Any] = {key: _int_list(key, raw[key]) for key in INT_LISTS if key in raw}
        values |= {key: _number(key, raw[key]) for key in RANGES if raw.get(key) is not None}
        if "filters" in raw:
            values["filters"] = _filter_names(raw["filters"])
        if raw.get("var_qual_flag"):
            values["var_qual_flag"] = _var_qual_flag(raw["var_qual_flag"])
        if "gold_count" in raw:
            values["gold_count"] = _gold_count(raw["gold_count"])
        for key in ("has_light_curve", "live"):
            if key in raw:
                if not isinstance(raw[key], bool):
                    raise InvalidInput(f"{key} must be true or false", field=key)
                values[key] = raw[key]
        selection = cls(**values)
        inverted = selection.row_conditions().inverted_range()
        if inverted is not None:
            high = inverted.replace("_min", "_max")
            raise InvalidInput(f"{inverted} is larger than {high}", field=inverted)
        return selection

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Selection:
        """A selection as stored by `to_json` (validated when it was saved)."""
        values: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value for key, value in stored.items()
        }
        return cls(**values)

    @classmethod
    def of(cls, campaign: Campaign) -> Selection:
        return cls.from_json(campaign.selection)

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored in `Campaign.selection`: only the keys given, lists sorted."""
        return {
            field.name: list(value) if isinstance(value, tuple) else value
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name)) is not None
        }

    @property
    def is_live(self) -> bool:
        return bool(self.live)

    @property
    def is_explicit_list(self) -> bool:
        """Whether the selection only names candidates (MatchIDs, gold), with no filter over the catalogue."""
        return set(self.to_json()) <= EXPLICIT_KEYS

    def with_match_ids(self, match_ids: Iterable[int]) -> Selection:
        """This selection with its MatchID list replaced by `match_ids`."""
        return dataclasses.replace(self, match_ids=_int_list("match_ids", list(match_ids)))

    def row_conditions(self) -> FilterRowConditions:
        return FilterRowConditions(
            filters=self.filters or (),
            mad_min=self.mad_min,
            mad_max=self.mad_max,
            mag_min=self.mag_min,
            mag_max=self.mag_max,
            var_qual_flag=self.var_qual_flag,
        )

    def candidates(self) -> QuerySet[Candidate]:
        """The candidates this selection picks, unordered (gold candidates are taken from among them)."""
        candidates = Candidate.objects.all()
        for key, lookup in (
            ("group_ids", "group_id__in"),
            ("auto_class", "auto_class__in"),
            ("hcv_expert_class", "hcv_expert_class__in"),
            ("match_ids", "match_id__in"),
        ):
            values = getattr(self, key)
            if values is not None:
                candidates = candidates.filter(**{lookup: values})
        if self.has_light_curve is not None:
            candidates = candidates.filter(has_light_curve=self.has_light_curve)
        if self.filters == ():
            return candidates.none()
        return with_filter_row(candidates, self.row_conditions())

    def describe(self) -> str:
        """The selection in words, for pages, events and exports: "GroupID 69810; AutoClass 1, 2; ..."."""
        parts = []
        for key, name in (
            ("group_ids", "GroupID"),
            ("auto_class", "AutoClass"),
            ("hcv_expert_class", "catalogue ExpertClass"),
        ):
            values = getattr(self, key)
            if values is not None:
                parts.append(f"{name} {', '.join(map(str, values)) or '(none)'}")
        if self.match_ids is not None:
            parts.append(f"{len(self.match_ids)} listed MatchIDs")
        if self.filters is not None:
            parts.append(f"filter {', '.join(self.filters) or '(none)'}")
        parts += [
            _range_text(name, low, high, "mag")
            for name, low, high in (
                ("MAD", self.mad_min, self.mad_max),
                ("MeanCorrMag", self.mag_min, self.mag_max),
            )
            if low is not None or high is not None
        ]
        if self.var_qual_flag:
            parts.append(f"VarQualFlag {self.var_qual_flag}")
        if self.has_light_curve is not None:
            parts.append("with a light curve" if self.has_light_curve else "without a light curve")
        if self.is_live:
            parts.append("new candidates join as ingested")
        if self.gold_match_ids or self.gold_count:
            parts.append(f"gold: {len(self.gold_match_ids or ())} named, {self.gold_count or 0} drawn")
        return "; ".join(parts) or "every candidate"


def _range_text(name: str, low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{name} {low:g} to {high:g} {unit}"
    if low is not None:
        return f"{name} >= {low:g} {unit}"
    return f"{name} <= {high:g} {unit}"


def _int_list(key: str, values: Any) -> tuple[int, ...]:
    if not isinstance(values, list | tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        raise InvalidInput(f"{key} must be a list of integers", field=key)
    allowed = INT_LISTS[key]
    if allowed is not None and not set(values) <= allowed:
        raise InvalidInput(f"{key} values must be among {sorted(allowed)}", field=key)
    if len(values) > MAX_MATCH_IDS:
        raise InvalidInput(f"{key} holds more than {MAX_MATCH_IDS} values", field=key)
    return tuple(sorted(set(values)))


def _number(key: str, value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InvalidInput(f"{key} must be a number", field=key)
    return float(value)


def _filter_names(filters: Any) -> tuple[str, ...]:
    if not isinstance(filters, list | tuple) or not all(isinstance(f, str) and f for f in filters):
        raise InvalidInput("filters must be a list of filter names", field="filters")
    names = {normalise_filter_name(f) for f in filters}
    bad = sorted(name for name in names if not is_filter_name(name))
    if bad:
        raise InvalidInput(f"unknown filter name {', '.join(bad)}: {FILTER_NAME_HELP}", field="filters")
    return tuple(sorted(names))


def _var_qual_flag(pattern: Any) -> str:
    try:
        if not isinstance(pattern, str):
            raise ValueError(f"{pattern!r} is not text")
        return parse_var_qual_pattern(pattern)
    except ValueError as error:
        raise InvalidInput(f"var_qual_flag: {error}", field="var_qual_flag") from error


def _gold_count(count: Any) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_GOLD_COUNT:
        raise InvalidInput(f"gold_count must be an integer from 0 to {MAX_GOLD_COUNT}", field="gold_count")
    return count
