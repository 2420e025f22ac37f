"""Every candidate's features stored under the feature-set version through the catalogue's set-based
`bulk_upsert` (whose SQL quotes FeatureSet's column `values`), replaced in place by the next refresh."""

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone

from hcvvet.catalog.models import Candidate
from hcvvet.catalog.services import bulk_upsert
from hcvvet.triage.models import FEATURE_DTYPE, FeatureSet
from hcvvet.triage.services import features_refresh, stored_features
from hcvvet.triage.table import FEATURE_SET_VERSION, MODEL_FEATURES

pytestmark = pytest.mark.django_db(transaction=True)


def test_refresh_stores_every_candidates_features_and_replaces_them(tiny_catalogue):
    table = features_refresh()
    first = dict(FeatureSet.objects.values_list("candidate_id", "computed_at"))
    assert sorted(first) == table.match_id.tolist()
    stored = stored_features(table.match_id.tolist())
    matrix = table.matrix(MODEL_FEATURES)
    for row, match_id in enumerate(table.match_id.tolist()):
        np.testing.assert_array_equal(stored[match_id], matrix[row])
    some = FeatureSet.objects.get(candidate_id=int(table.match_id[0]))
    assert some.version == FEATURE_SET_VERSION
    assert some.lead_filter == str(table.lead_filter[0])
    assert some.outlier_mjd == pytest.approx(float(table.columns["outlier_mjd"][0]))

    # A candidate that lost its light curve loses its row; the others are rewritten in place.
    gone = int(table.match_id[-1])
    Candidate.objects.filter(pk=gone).update(has_light_curve=False)
    features_refresh()
    again = dict(FeatureSet.objects.values_list("candidate_id", "computed_at"))
    assert sorted(again) == sorted(set(first) - {gone})
    assert all(again[m] > first[m] for m in again)


def test_bulk_upsert_writes_a_column_named_after_an_sql_word(tiny_catalogue):
    match_id = Candidate.objects.filter(has_light_curve=True).values_list("pk", flat=True).first()
    columns = ("candidate_id", "version", "values", "lead_filter", "computed_at")
    now = connection.ops.adapt_datetimefield_value(timezone.now())

    def write(values: np.ndarray) -> int:
        row = (match_id, "test", values.astype(FEATURE_DTYPE).tobytes(), "ACS_F814W", now)
        return bulk_upsert(
            FeatureSet, columns, [row], conflict=("candidate_id", "version"), update=columns[2:]
        )

    assert write(np.array([1.0, 2.0])) == 1
    assert write(np.array([1.0, 2.0])) == 0  # nothing differs: nothing written
    assert write(np.array([3.0, np.nan])) == 1
    stored = FeatureSet.objects.get(candidate_id=match_id, version="test").as_array()
    assert stored[0] == 3.0
    assert np.isnan(stored[1])
