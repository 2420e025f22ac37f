"""The triage feature table read from the catalogue in three queries, whatever the number of candidates; a
candidate's current prediction."""

import numpy as np
from django.db.models import QuerySet
from numpy.typing import DTypeLike

from hcvvet.catalog.models import Candidate, FilterStat, Measurement

from .features import light_curve_features
from .models import Prediction
from .table import FeatureTable, feature_table

_CHUNK_ROWS = 20_000
Fields = dict[str, tuple[str, DTypeLike]]
# argument name: (model field, numpy type); text as bytes (filter names and VarQualFlag are ASCII)
_MEASUREMENT_FIELDS: Fields = {
    "candidate_id": ("candidate_id", np.int64),
    "filter_name": ("filter", "S16"),
    "mjd": ("mjd", float),
    "corr_mag": ("corr_mag", float),
    "mag_err": ("mag_err", float),
    "ci": ("ci", float),
    "d": ("d", float),
    "measurement_id": ("id", np.int64),
    "image": ("image_id", "S64"),
}
_FILTER_FIELDS: Fields = {
    "candidate_id": ("candidate_id", np.int64),
    "filter_name": ("filter", "S16"),
    "mad": ("mad", float),
    "mad_threshold": ("mad_threshold", float),
    "chi2": ("chi2", float),
    "num_lc": ("num_lc", float),
    "mean_corr_mag": ("mean_corr_mag", float),
    "var_qual_flag": ("var_qual_flag", "S5"),
    "filter_det_flag": ("filter_det_flag", float),
}
_CANDIDATE_FIELDS: Fields = {
    "match_id": ("match_id", np.int64),
    "auto_class": ("auto_class", float),
    "num_filters": ("num_filters", float),
}


def candidate_feature_table(*, include_rejected: bool = False) -> FeatureTable:
    """Features of every candidate with a light curve (`triage/table.py`), from its light curve without the
    rejected epochs (expert rejections and flagged images) unless `include_rejected`."""
    measurements = Measurement.objects.filter(candidate__has_light_curve=True)
    if not include_rejected:
        measurements = measurements.filter(rejected=False)
    # in light-curve order (the index measurement_lc), which spares the features a sort
    points = _read(measurements.order_by("candidate_id", "filter", "mjd"), _MEASUREMENT_FIELDS)
    return feature_table(
        light_curves=light_curve_features(**points),
        filter_rows=_read(
            FilterStat.objects.filter(candidate__has_light_curve=True).order_by(), _FILTER_FIELDS
        ),
        candidates=_read(Candidate.objects.filter(has_light_curve=True).order_by(), _CANDIDATE_FIELDS),
    )


def _read(queryset: QuerySet, fields: Fields) -> dict[str, np.ndarray]:
    """One array per entry of `fields`, rows in the queryset's order (NULL numbers become NaN), read in one
    query streamed in chunks."""
    dtype = np.dtype([(name, numpy_type) for name, (_, numpy_type) in fields.items()])
    rows = queryset.values_list(*(field for field, _ in fields.values())).iterator(chunk_size=_CHUNK_ROWS)
    table = np.fromiter(rows, dtype=dtype)
    return {name: table[name] for name in fields}


def candidate_prediction(match_id: int) -> Prediction | None:
    """The candidate's prediction by the active model, else its latest by any model; None if none."""
    return (
        Prediction.objects.filter(candidate_id=match_id)
        .select_related("model")
        .order_by("-model__is_active", "-model_id")
        .first()
    )
