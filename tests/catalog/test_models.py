"""The database holds the catalogue's rules: natural keys and valid classes."""

import pytest
from django.db import IntegrityError, transaction

from hcvvet.catalog.models import FilterStat, Measurement
from tests.factories import CandidateFactory, candidate_with_light_curve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"), [("auto_class", 3), ("hcv_expert_class", 3), ("expert_class", 0), ("dec_deg", 91.0)]
)
def test_invalid_classes_and_positions_are_refused_by_the_database(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateFactory(**{field: value})


def test_match_ids_are_64_bit():
    candidate = CandidateFactory(match_id=108_080_441_000_000)
    candidate.refresh_from_db()
    assert candidate.match_id == 108_080_441_000_000


def test_a_filter_row_and_a_measurement_exist_once_per_natural_key():
    candidate = candidate_with_light_curve(n_points=5)
    row = FilterStat.objects.get(candidate=candidate)
    with pytest.raises(IntegrityError), transaction.atomic():
        FilterStat.objects.create(
            candidate=candidate, filter=row.filter, filter_det_flag=1, var_qual_flag="AAAAA", num_lc=5
        )
    point = Measurement.objects.filter(candidate=candidate).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(candidate=candidate, filter=point.filter, image=point.image, mjd=1.0)
