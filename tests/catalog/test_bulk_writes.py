"""The catalogue's set-based writes report what they wrote and move the catalog data version only then."""

import psycopg
import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from hcvvet.catalog.models import Candidate, Group
from hcvvet.catalog.services import bulk_update_column, bulk_upsert
from hcvvet.catalog.versioning import CATALOG, data_version

pytestmark = pytest.mark.django_db

COLUMNS = ("match_id", "group_id", "sub_group_id", "ra_deg", "dec_deg", "auto_class", "hcv_expert_class")
COLUMNS += ("num_filters", "stats_mismatch", "needs_review", "has_light_curve", "updated_at")


def _rows(n: int, hcv_expert_class: int = 0) -> list[tuple]:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return [
        (5_000_000 + i, 1045904, -5, 10.0 + i * 1e-4, 41.0, 1, hcv_expert_class, 1, False, False, False, now)
        for i in range(n)
    ]


def _upsert(rows: list[tuple]) -> int:
    return bulk_upsert(Candidate, COLUMNS, rows, conflict=("match_id",), update=("hcv_expert_class",))


def test_ten_inserts_report_ten_and_a_rerun_reports_none():
    Group.objects.create(group_id=1045904, target_name="M31")
    assert _upsert(_rows(10)) == 10
    assert Candidate.objects.count() == 10
    assert _upsert(_rows(10)) == 0
    assert _upsert(_rows(10, hcv_expert_class=4)[:3]) == 3


def test_a_write_moves_the_catalog_version_and_a_no_op_does_not():
    Group.objects.create(group_id=1045904, target_name="M31")
    first = data_version(CATALOG)
    _upsert(_rows(3))
    second = data_version(CATALOG)
    assert second != first
    _upsert(_rows(3))
    assert bulk_update_column(Candidate, "hcv_expert_class", [(5_000_000, 0)]) == 0
    assert data_version(CATALOG) == second
    assert bulk_update_column(Candidate, "hcv_expert_class", [(5_000_000, 4)]) == 1
    assert data_version(CATALOG) != second


def test_a_first_load_writes_every_value_and_a_mixed_batch_upserts_the_rest():
    """A batch none of whose keys is stored is copied straight in (PostgreSQL); a later batch holding
    stored keys is upserted: new rows inserted, changed ones updated, unchanged ones left alone."""
    Group.objects.create(group_id=1045904, target_name="M31")
    assert _upsert(_rows(4)) == 4
    stored = list(Candidate.objects.order_by("pk").values_list(*COLUMNS[:8]))
    assert stored == [row[:8] for row in _rows(4)]
    mixed = _rows(6, hcv_expert_class=4)[2:]  # two stored (class changes), two new
    assert _upsert(mixed) == 4
    assert _upsert(_rows(6, hcv_expert_class=4)) == 2  # the first two changed, the other four as stored
    classes = dict(Candidate.objects.values_list("pk", "hcv_expert_class"))
    assert classes == {5_000_000 + i: 4 for i in range(6)}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL refuses a row written twice by one statement; SQLite's executemany writes it twice",
)
def test_a_batch_with_a_repeated_key_is_refused_as_before():
    Group.objects.create(group_id=1045904, target_name="M31")
    rows = _rows(2)
    with pytest.raises((DatabaseError, psycopg.Error)):  # the upsert's own refusal, as before
        _upsert([rows[0], rows[1], rows[0]])
    assert Candidate.objects.count() == 0
