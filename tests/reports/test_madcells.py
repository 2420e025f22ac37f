"""The MAD counts the database keeps in step (hcvvet/reports/madcells.py) equal numpy's histogram of the rows,
whatever wrote them and in whatever order."""

import numpy as np
import pytest
from django.db import connection, transaction

from hcvvet.catalog.models import Candidate, FilterStat
from hcvvet.reports import madcells
from hcvvet.reports.models import MadCell
from hcvvet.reports.selectors import ReportFilters
from hcvvet.reports.services import report_build
from hcvvet.reports.statistics import ARTIFACT_FRACTION_BINS, HISTOGRAM_BINS, log_bins
from tests.factories import CandidateFactory, GroupFactory

pytestmark = pytest.mark.django_db

SCHEMES = [log_bins(ARTIFACT_FRACTION_BINS), log_bins(HISTOGRAM_BINS)]
SELECTIONS = [
    ReportFilters(source="hcv"),
    ReportFilters(source="labels"),
    ReportFilters(source="hcv", auto_classes=(2,)),
    ReportFilters(source="labels", auto_classes=(0, 1)),
]


def numpy_counts(filters: ReportFilters, edges: np.ndarray) -> dict[tuple[int, int], int]:
    """The oracle: every flagged filter row with its object's class, binned by numpy.histogram."""
    label = "candidate__hcv_expert_class" if filters.source == "hcv" else "candidate__expert_class"
    rows = FilterStat.objects.filter(
        filter_det_flag__gt=0, mad__isnull=False, candidate__auto_class__in=filters.auto_classes
    ).values_list("mad", label)
    counts = {}
    by_class: dict[int, list[float]] = {}
    for mad, cls in rows:
        by_class.setdefault(cls or 0, []).append(mad)
    for cls, mads in by_class.items():
        hist, _ = np.histogram(mads, bins=edges)
        counts.update({(i, cls): int(n) for i, n in enumerate(hist) if n})
    return counts


def assert_cells_match() -> None:
    for filters in SELECTIONS:
        for edges in SCHEMES:
            assert madcells.mad_bin_counts(filters, edges) == numpy_counts(filters, edges), filters


def _add_object(rng, group, match_id: int) -> Candidate:
    candidate = CandidateFactory(
        match_id=match_id,
        group=group,
        auto_class=int(rng.choice([0, 1, 2])),
        hcv_expert_class=int(rng.choice([0, 1, 2, 4])),
        expert_class=rng.choice([None, 1, 2, 4]),
    )
    for band in rng.choice(["ACS_F475W", "ACS_F606W", "ACS_F814W"], size=rng.integers(1, 4), replace=False):
        FilterStat.objects.create(
            candidate=candidate,
            filter=str(band),
            filter_det_flag=int(rng.random() < 0.7),
            var_qual_flag="AAAAA",
            num_lc=10,
            mad=None if rng.random() < 0.05 else float(10 ** rng.uniform(-2.6, 0.6)),
        )
    return candidate


def test_every_kind_of_write_keeps_the_counts_exact():
    rng = np.random.default_rng(11)
    group = GroupFactory()
    objects = [_add_object(rng, group, 9_000_000 + i) for i in range(40)]
    assert_cells_match()
    # values on the edges themselves: numpy puts the last edge in the last bin
    FilterStat.objects.filter(candidate=objects[0]).update(mad=2.0, filter_det_flag=1)
    FilterStat.objects.filter(candidate=objects[1]).update(mad=float(SCHEMES[0][5]), filter_det_flag=1)
    FilterStat.objects.filter(candidate=objects[2]).update(mad=0.0069, filter_det_flag=1)
    assert_cells_match()
    # class changes: the catalogue's, hcvvet's consensus, AutoClass; one object, then many at once
    Candidate.objects.filter(pk=objects[3].pk).update(hcv_expert_class=4)
    Candidate.objects.filter(pk__in=[o.pk for o in objects[4:20]]).update(expert_class=2)
    objects[20].auto_class = 2
    objects[20].save()
    assert_cells_match()
    # MAD and flag changes by statement and by raw SQL, an update that changes nothing counted
    FilterStat.objects.filter(candidate__in=objects[20:30]).update(mad=0.05)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_filterstat SET filter_det_flag = 1 - filter_det_flag WHERE num_lc = 10"
        )
        cursor.execute("UPDATE catalog_filterstat SET var_qual_flag = 'BBBBB'")
    assert_cells_match()
    # deletes of filter rows and of objects
    FilterStat.objects.filter(candidate=objects[30]).delete()
    FilterStat.objects.filter(candidate__in=objects[31:33]).delete()
    Candidate.objects.filter(pk__in=[o.pk for o in objects[31:33]]).delete()
    assert_cells_match()
    # and many objects in one statement, as ingest writes them
    more = [CandidateFactory.build(match_id=9_100_000 + i, group=group, auto_class=1) for i in range(50)]
    Candidate.objects.bulk_create(more)
    FilterStat.objects.bulk_create(
        FilterStat(
            candidate=c, filter="WFC3_F160W", filter_det_flag=1, var_qual_flag="AAAAA", num_lc=8, mad=0.1
        )
        for c in more
    )
    assert_cells_match()


def test_filter_rows_written_before_their_object_are_counted_once():
    """The foreign key is checked at commit, so a loader may write filter rows first."""
    group = GroupFactory()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO catalog_filterstat (candidate_id, filter, filter_det_flag, var_qual_flag, num_lc, mad,"
            " lc_mismatch) VALUES (9200001, 'ACS_F814W', 1, 'AAAAA', 9, 0.3, %s)",
            [False],
        )
        CandidateFactory(match_id=9200001, group=group, auto_class=1, hcv_expert_class=4)
    assert madcells.mad_bin_counts(SELECTIONS[0], SCHEMES[0]) == numpy_counts(SELECTIONS[0], SCHEMES[0])
    assert sum(numpy_counts(SELECTIONS[0], SCHEMES[0]).values()) == 1
    with transaction.atomic():
        Candidate.objects.filter(pk=9200001).delete()  # the object first this time
        FilterStat.objects.filter(candidate_id=9200001).delete()
    assert madcells.mad_bin_counts(SELECTIONS[0], SCHEMES[0]) == {}


def test_merging_the_cells_keeps_the_counts():
    rng = np.random.default_rng(5)
    group = GroupFactory()
    objects = [_add_object(rng, group, 9_300_000 + i) for i in range(30)]
    for value in (1, 2, 4, 1):
        Candidate.objects.filter(pk__in=[o.pk for o in objects]).update(hcv_expert_class=value)
    rows_before = MadCell.objects.count()
    madcells.compact()
    assert MadCell.objects.count() < rows_before
    assert_cells_match()


def test_selections_the_cells_cannot_answer_fall_back_to_the_rows(small_campaign):
    edges = SCHEMES[0]
    assert madcells.mad_bin_counts(ReportFilters(group_id=1045904), edges) is None
    assert madcells.mad_bin_counts(ReportFilters(filter_name="ACS_F475W"), edges) is None
    assert madcells.mad_bin_counts(ReportFilters(), log_bins(10)) is None  # edges that are not fine edges
    # and the reports are the same either way
    whole = report_build("mad-histograms", ReportFilters(source="hcv")).statistic
    m31 = report_build("mad-histograms", ReportFilters(source="hcv", group_id=1045904)).statistic
    assert whole.all_counts.sum() == m31.all_counts.sum() + 4  # the two M87 objects' flagged rows


def test_rebuilding_recounts_cells_left_wrong():
    """What a flush that empties the tables in the wrong order leaves behind is repaired by a recount (run
    after every migrate and flush)."""
    rng = np.random.default_rng(7)
    group = GroupFactory()
    for i in range(10):
        _add_object(rng, group, 9_400_000 + i)
    MadCell.objects.create(auto_class=1, hcv_expert_class=0, expert_class=0, fine_bin=3, n=-5)
    assert madcells.mad_bin_counts(SELECTIONS[0], SCHEMES[0]) != numpy_counts(SELECTIONS[0], SCHEMES[0])
    madcells.rebuild()
    assert_cells_match()
