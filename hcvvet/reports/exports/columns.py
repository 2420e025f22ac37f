"""The columns of every exported table: type, unit and description by name, and a column typed by them.

Catalogue columns keep the HCV names of HCVmatch / HCVfilter; report columns are named as in the JSON output;
the labelled table adds one group of columns per expert, `<prefix><username>` (`EXPERT_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from astropy.table import Column, MaskedColumn

from hcvvet.catalog.classes import codes_description

from ..statistics import EXPERT_CLASS_NAMES
from .escaping import ESCAPED_DESCRIPTION

# per-expert columns of the labelled table are named <prefix><username>
VOTE_PREFIX = "Vote_"
REASONS_PREFIX = "Reasons_"
COMMENT_PREFIX = "Comment_"
SECONDS_PREFIX = "Seconds_"
VOTED_AT_PREFIX = "VotedAt_"
REASON_SEPARATOR = ","


@dataclass(frozen=True)
class ColumnSpec:
    dtype: str
    unit: str | None
    description: str


_CLASS_CODES = "0 constant, 1 single-filter (SFVC), 2 multi-filter variable candidate (MFVC)"
_EXPERT_CODES = codes_description()
_ISO_UTC = "ISO 8601 UTC with microseconds (sorts in time order)"
_NO_FIT = "unless two experts voted on a same candidate of the campaign (without, no fit is identifiable)"
COLUMNS: dict[str, ColumnSpec] = {
    # catalogue columns keep the HCV names of HCVmatch / HCVfilter
    "MatchID": ColumnSpec("int64", None, "HSC v3 match (object) identifier"),
    "GroupID": ColumnSpec("int64", None, "HCV image group identifier"),
    "SubGroupID": ColumnSpec("int64", None, "HCV image subgroup identifier"),
    "RA": ColumnSpec("float64", "deg", "Right ascension (ICRS)"),
    "Dec": ColumnSpec("float64", "deg", "Declination (ICRS)"),
    "AutoClass": ColumnSpec("int16", None, f"HCV automatic classification: {_CLASS_CODES}"),
    "ExpertClass": ColumnSpec(
        "int16", None, f"HCV catalogue expert class: 0 not classified, {_EXPERT_CODES}"
    ),
    "NumFilters": ColumnSpec("int16", None, "Number of filters of the object in the HCV"),
    "Filter": ColumnSpec("str", None, "Instrument and filter, INSTRUMENT_FILTER"),
    "FilterDetFlag": ColumnSpec("int16", None, "1 if the object is variable in this filter"),
    "VarQualFlag": ColumnSpec(
        "str", None, "Variability quality flag: CI, D, MagerrAper2, MagAper2-MagAuto, p2p"
    ),
    "NumLC": ColumnSpec("int32", None, "Number of light-curve points in this filter"),
    "MeanMag": ColumnSpec("float64", "mag", "Mean magnitude"),
    "MeanCorrMag": ColumnSpec("float64", "mag", "Mean corrected magnitude"),
    "MAD": ColumnSpec("float64", "mag", "Median absolute deviation of the corrected magnitudes (unscaled)"),
    "Chi2": ColumnSpec("float64", None, "Reduced chi-square of the corrected magnitudes"),
    "ConsensusClass": ColumnSpec(
        "int16", None, f"hcvvet consensus expert class ({_EXPERT_CODES}); masked if none"
    ),
    "NumVotes": ColumnSpec("int16", None, "Number of hcvvet expert votes on the object"),
    "IsGold": ColumnSpec(
        "bool", None, "True if the object is a gold candidate (known answer) of the campaign"
    ),
    "GoldClass": ColumnSpec(
        "int16", None, f"Known class of a gold candidate ({_EXPERT_CODES}); masked if none"
    ),
    "AdjudicatedClass": ColumnSpec(
        "int16", None, f"Class a curator decided for the disputed object ({_EXPERT_CODES}); masked if none"
    ),
    "AdjudicatedBy": ColumnSpec(
        "str", None, f"Username of the adjudicating curator, {ESCAPED_DESCRIPTION}; masked if no adjudication"
    ),
    "AdjudicationNote": ColumnSpec(
        "str", None, f"The adjudicating curator's note, {ESCAPED_DESCRIPTION}; masked if no adjudication"
    ),
    "AdjudicatedAt": ColumnSpec(
        "str", None, f"Time of the adjudication, {_ISO_UTC}; masked if no adjudication"
    ),
    # the Dawid-Skene model's (vetting.dawid_skene) class of each object, from one fit over every vote of the
    # campaign (whatever the export's other filters), its gold candidates fixed; one campaign's export only
    "PosteriorClass": ColumnSpec(
        "int16",
        None,
        f"Dawid-Skene posterior class ({_EXPERT_CODES}): the most probable true class given every vote of "
        "the campaign and each expert's confusion matrix, gold candidates fixed to their known class; masked "
        f"if the object has no vote in the campaign, and on every row {_NO_FIT}; only in the export of one "
        "campaign",
    ),
    "PosteriorProb": ColumnSpec(
        "float64",
        None,
        "Dawid-Skene posterior probability (0 to 1) of PosteriorClass (1 for a voted gold candidate); masked "
        f"if the object has no vote in the campaign, and on every row {_NO_FIT}; only in the export of one "
        "campaign",
    ),
    # report columns are named as in the JSON output
    "auto_class": ColumnSpec("int16", None, f"HCV AutoClass: {_CLASS_CODES}"),
    "expert_class": ColumnSpec("int16", None, f"Expert class: {_EXPERT_CODES}"),
    "count": ColumnSpec("int64", None, "Objects (one per MatchID) with this AutoClass and expert class"),
    "fraction": ColumnSpec("float64", None, "Fraction (of the AutoClass, or of the bin's rows)"),
    "mad_lo": ColumnSpec("float64", "mag", "Lower MAD edge of the bin"),
    "mad_hi": ColumnSpec("float64", "mag", "Upper MAD edge of the bin"),
    "n": ColumnSpec(
        "int64", None, "Object-filter rows with FilterDetFlag > 0 and an expert class in the bin"
    ),
    "n_artifact": ColumnSpec("int64", None, "Rows of the bin an expert called an artifact"),
    "ci_lo": ColumnSpec("float64", None, "Lower bound of the Wilson binomial interval of the fraction"),
    "ci_hi": ColumnSpec("float64", None, "Upper bound of the Wilson binomial interval of the fraction"),
    "n_all": ColumnSpec(
        "int64", None, "Object-filter rows with FilterDetFlag > 0 and an expert class in the bin, any class"
    ),
    "rater_a": ColumnSpec("str", None, "First expert of the pair"),
    "rater_b": ColumnSpec("str", None, "Second expert of the pair"),
    "n_common": ColumnSpec("int64", None, "Candidates both experts labelled"),
    "kappa": ColumnSpec("float64", None, "Cohen's kappa; NaN when undefined"),
    # the catalogue estimates of a campaign (triage.estimates): masked where a group has no estimate
    "group": ColumnSpec("str", None, "Grouping of the row: all, mad, auto_class or instrument"),
    "group_key": ColumnSpec("str", None, "The group's value: MAD bin index, AutoClass or instrument"),
    "group_name": ColumnSpec("str", None, "The group in words"),
    "n_candidates": ColumnSpec("int64", None, "Non-gold candidates of the campaign in the group"),
    "n_labels": ColumnSpec("int64", None, "Expert labels of the group used (the random sample)"),
    "n_labelled_artifact": ColumnSpec("int64", None, "Labels used that are artifacts (class 4)"),
    "mean_p_artifact": ColumnSpec(
        "float64", None, "Mean predicted P(artifact) over the group; masked if no model predicted it"
    ),
    "ppi_fraction": ColumnSpec(
        "float64",
        None,
        "Prediction-powered estimate of the artifact fraction; masked if too few labels or no prediction",
    ),
    "ppi_lo": ColumnSpec("float64", None, "Lower bound of its normal (CLT) interval; masked if none"),
    "ppi_hi": ColumnSpec("float64", None, "Upper bound of its normal (CLT) interval; masked if none"),
    "labels_fraction": ColumnSpec("float64", None, "Artifact share of the labels used; masked if none"),
    "wilson_lo": ColumnSpec("float64", None, "Lower bound of the labels' Wilson interval; masked if none"),
    "wilson_hi": ColumnSpec("float64", None, "Upper bound of the labels' Wilson interval; masked if none"),
    "note": ColumnSpec(
        "str", None, "Why an estimate is missing (too few labels, no prediction); empty if none"
    ),
}


def class_count_column(expert_class: int) -> str:
    """The name of a MAD histogram's count column for one expert class (`n_possible_artifact`, ...)."""
    name = EXPERT_CLASS_NAMES.get(expert_class, f"class_{expert_class}")
    return "n_" + name.replace(" ", "_").replace("-", "_")


for _code, _name in EXPERT_CLASS_NAMES.items():
    COLUMNS.setdefault(
        class_count_column(_code), ColumnSpec("int64", None, f"Rows the expert classed {_name}")
    )

EXPERT_COLUMNS: dict[str, ColumnSpec] = {
    # prefix -> spec of one expert's column, "{expert}" standing for the username; all masked if no vote
    VOTE_PREFIX: ColumnSpec(
        "int16", None, f"Expert class voted by {{expert}} ({_EXPERT_CODES}); masked if no vote"
    ),
    REASONS_PREFIX: ColumnSpec(
        "str", None, "Reason codes of {expert}'s vote, comma-separated, empty if none; masked if no vote"
    ),
    COMMENT_PREFIX: ColumnSpec(
        "str", None, f"{{expert}}'s comment on the vote, {ESCAPED_DESCRIPTION}; masked if no vote"
    ),
    SECONDS_PREFIX: ColumnSpec("float64", "s", "Time {expert} spent on the object; masked if no vote"),
    VOTED_AT_PREFIX: ColumnSpec(
        "str", None, f"Time {{expert}} last set the vote, {_ISO_UTC}; masked if no vote"
    ),
}


def expert_column(name: str) -> tuple[str, str] | None:
    """(prefix, username) of a per-expert column (`Vote_<username>`, ...); None for any other column."""
    for prefix in EXPERT_COLUMNS:
        if name.startswith(prefix) and len(name) > len(prefix):
            return prefix, name[len(prefix) :]
    return None


class ColumnContentError(ValueError):
    """A table's column holds what hcvvet's exports never write (an unknown name, a value that does not fit):
    the message names the column, in words a user can act on."""


class UnknownColumn(KeyError, ColumnContentError):
    """A column name no export of hcvvet writes."""

    def __str__(self) -> str:
        return str(self.args[0])


def column_spec(name: str) -> ColumnSpec:
    """Type, unit and description of an export column; `<prefix><expert>` columns (`EXPERT_COLUMNS`) hold one
    expert's votes."""
    per_expert = expert_column(name)
    if per_expert is not None:
        prefix, expert = per_expert
        spec = EXPERT_COLUMNS[prefix]
        return replace(spec, description=spec.description.format(expert=expert))
    if name not in COLUMNS:
        raise UnknownColumn(f"the column {name!r} is not one hcvvet's exports write")
    return COLUMNS[name]


def _cast(name: str, data: np.ndarray, mask: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "str":
        # "" under the mask and the narrowest width, whatever a reader left there: equal after a round trip
        text = np.where(mask, "", data.astype(str))
        return np.array(text.tolist(), dtype=str).reshape(data.shape)
    if dtype == "bool" and data.dtype.kind in "US":  # CSV reads True / False back as text
        return np.char.lower(data.astype(str)) == "true"
    target = np.dtype(dtype)
    if target.kind in "iu" and data.dtype.kind in "iuf":
        _check_integers(name, data[~mask] if mask.shape == data.shape else data, target)
    return data.astype(target)


def _check_integers(name: str, values: np.ndarray, target: np.dtype) -> None:
    """ValueError naming the column when a value would not survive the cast to `target` unchanged (a class of
    65540 must not become 4, nor 1.5 become 1)."""
    if not values.size:
        return
    limits = np.iinfo(target)
    if not np.all(np.isfinite(values)) or values.min() < limits.min or values.max() > limits.max:
        raise ColumnContentError(f"column {name} holds a value outside {limits.min} .. {limits.max}")
    if values.dtype.kind == "f" and not np.all(values == np.round(values)):
        raise ColumnContentError(f"column {name} holds a value that is not a whole number")


def typed_column(name: str, values: Any) -> Column:
    """`values` as the column `name` with its declared dtype, unit and description; masked stays masked."""
    spec = column_spec(name)
    masked = np.ma.isMaskedArray(values) or isinstance(values, MaskedColumn)
    mask = np.ma.getmaskarray(values)
    data = _cast(name, np.asarray(np.ma.getdata(values)), mask, spec.dtype)
    if masked:
        return MaskedColumn(data, mask=mask, name=name, unit=spec.unit, description=spec.description)
    return Column(data, name=name, unit=spec.unit, description=spec.description)
