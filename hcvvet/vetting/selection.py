"""A campaign's selection: the filters a curator chose, validated, and turned into a queryset of candidates.

A selection is a JSON object; every key is optional and the conditions are ANDed:
  group_ids [int], auto_class [0|1|2], hcv_expert_class [0|1|2|4], match_ids [int],
  filters [str] (e.g. "ACS_F814W"), mad_min/mad_max (mag), mag_min/mag_max (MeanCorrMag, mag),
  var_qual_flag (a 5-letter pattern; "?" matches any letter), live (bool: new candidates join as ingested),
  gold_match_ids [int] and gold_count (int: that many catalogue-classified candidates drawn at random) name the
  gold candidates mixed in when the campaign starts; they are not part of the selection proper.
The per-filter conditions (filters, MAD, magnitude, VarQualFlag) must all hold on the same filter row.
"""

import re
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hcvvet.catalog.models import AutoClass, Candidate, ExpertClass, FilterStat

from .errors import InvalidInput

INT_LISTS = {
    "group_ids": None,
    "auto_class": set(AutoClass.values),
    "hcv_expert_class": set(ExpertClass.values),
    "match_ids": None,
    "gold_match_ids": None,
}
RANGES = ("mad_min", "mad_max", "mag_min", "mag_max")
VAR_QUAL_PATTERN = re.compile(r"^[A-Z?]{1,5}$")
MAX_MATCH_IDS = 100_000


def selection_clean(selection: Any) -> dict[str, Any]:
    """The selection with its values normalised; raises InvalidInput naming the first bad field."""
    if not isinstance(selection, dict):
        raise InvalidInput("selection must be an object", field="selection")
    known = {*INT_LISTS, *RANGES, "filters", "var_qual_flag", "live", "gold_count"}
    unknown = sorted(set(selection) - known)
    if unknown:
        raise InvalidInput(f"unknown selection keys: {', '.join(unknown)}", field="selection")
    clean: dict[str, Any] = {}
    for key, allowed in INT_LISTS.items():
        if key not in selection:
            continue
        values = selection[key]
        if not isinstance(values, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise InvalidInput(f"{key} must be a list of integers", field=key)
        if allowed is not None and not set(values) <= allowed:
            raise InvalidInput(f"{key} values must be among {sorted(allowed)}", field=key)
        if len(values) > MAX_MATCH_IDS:
            raise InvalidInput(f"{key} holds more than {MAX_MATCH_IDS} values", field=key)
        clean[key] = sorted(set(values))
    for key in RANGES:
        if selection.get(key) is None:
            continue
        value = selection[key]
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidInput(f"{key} must be a number", field=key)
        clean[key] = float(value)
    for low, high in (("mad_min", "mad_max"), ("mag_min", "mag_max")):
        if low in clean and high in clean and clean[low] > clean[high]:
            raise InvalidInput(f"{low} is larger than {high}", field=low)
    if "filters" in selection:
        filters = selection["filters"]
        if not isinstance(filters, list) or not all(isinstance(f, str) and f for f in filters):
            raise InvalidInput("filters must be a list of filter names", field="filters")
        clean["filters"] = sorted(set(filters))
    if selection.get("var_qual_flag"):
        pattern = selection["var_qual_flag"]
        if not isinstance(pattern, str) or not VAR_QUAL_PATTERN.match(pattern.upper()):
            raise InvalidInput("var_qual_flag must be up to 5 letters A-Z or '?'", field="var_qual_flag")
        clean["var_qual_flag"] = pattern.upper()
    if "gold_count" in selection:
        count = selection["gold_count"]
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 10_000:
            raise InvalidInput("gold_count must be an integer from 0 to 10000", field="gold_count")
        clean["gold_count"] = count
    if "live" in selection:
        if not isinstance(selection["live"], bool):
            raise InvalidInput("live must be true or false", field="live")
        clean["live"] = selection["live"]
    return clean


def selection_candidates(selection: dict[str, Any]) -> QuerySet[Candidate]:
    """The candidates a (clean) selection picks, unordered."""
    candidates = Candidate.objects.all()
    if "group_ids" in selection:
        candidates = candidates.filter(group_id__in=selection["group_ids"])
    if "auto_class" in selection:
        candidates = candidates.filter(auto_class__in=selection["auto_class"])
    if "hcv_expert_class" in selection:
        candidates = candidates.filter(hcv_expert_class__in=selection["hcv_expert_class"])
    if "match_ids" in selection:
        candidates = candidates.filter(match_id__in=selection["match_ids"])
    row = _filter_row_condition(selection)
    if row is not None:
        candidates = candidates.filter(Exists(FilterStat.objects.filter(row, candidate=OuterRef("pk"))))
    return candidates


def _filter_row_condition(selection: dict[str, Any]) -> Q | None:
    conditions = []
    if "filters" in selection:
        conditions.append(Q(filter__in=selection["filters"]))
    for key, lookup in (
        ("mad_min", "mad__gte"),
        ("mad_max", "mad__lte"),
        ("mag_min", "mean_corr_mag__gte"),
        ("mag_max", "mean_corr_mag__lte"),
    ):
        if key in selection:
            conditions.append(Q(**{lookup: selection[key]}))
    if "var_qual_flag" in selection:
        # "?" is a wildcard letter; a shorter pattern constrains only the leading letters.
        regex = "^" + selection["var_qual_flag"].replace("?", ".")
        conditions.append(Q(var_qual_flag__regex=regex))
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined &= condition
    return combined
