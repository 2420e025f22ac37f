"""A whole-catalogue ingest writes each filter row with its group's MAD threshold as it loads the row (a
summary part holds whole groups), instead of updating every row afterwards: the thresholds it writes are the
ones the catalogue's own update computes from the rows the database holds (`filter_thresholds_update`, the
notebook-checked code of tests/catalog/test_thresholds.py), so running that update after the ingest
changes nothing. Through the real pipeline (eager tasks) against the sandbox's tiny universe."""

import pytest

from hcvvet.catalog.models import Candidate, FieldThreshold, FilterStat, Group
from hcvvet.catalog.services import filter_thresholds_update
from hcvvet.ingest.models import IngestJob, JobState, PartKind
from hcvvet.ingest.services import upsert
from hcvvet.ingest.services.lifecycle import job_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_parts(settings, monkeypatch):
    """Summary parts of one group or a few, written in chunks that split groups: a threshold computed from
    part of a group's rows would differ from the one of all of them."""
    settings.HCVVET_INGEST_PART_SUMMARY_OBJECTS = 300
    settings.HCVVET_INGEST_PART_MATCHIDS = 50
    monkeypatch.setattr(upsert, "CHUNK_ROWS", 150)


def ingest_whole() -> IngestJob:
    job = job_create(whole_catalogue=True, fetch_cutouts=False)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error
    return job


def thresholds_held() -> tuple[list, list]:
    """Every filter row's threshold and every stored curve, as a user of the review page or the API reads
    them."""
    rows = FilterStat.objects.order_by("pk").values_list("pk", "mad_threshold", "mad_threshold_source")
    curves = FieldThreshold.objects.order_by("group_id", "filter").values_list(
        "group_id", "filter", "source", "mag_centres", "mad_thresholds", "k_sigmas", "n_rows", "n_flagged"
    )
    return list(rows), list(curves)


def test_the_thresholds_a_whole_catalogue_ingest_writes_are_those_of_all_the_groups_rows(mast, small_parts):
    job = ingest_whole()
    assert job.parts.filter(kind=PartKind.SUMMARY).count() >= 2
    assert FilterStat.objects.filter(mad_threshold__isnull=False).count() > 0.9 * FilterStat.objects.count()
    written = thresholds_held()
    groups = list(Group.objects.values_list("pk", flat=True))
    assert len(written[1]) >= len(groups)  # a curve per group and filter

    assert filter_thresholds_update(groups) == 0
    assert thresholds_held() == written


def test_a_group_the_database_holds_more_rows_of_gets_the_thresholds_of_all_of_them(mast, small_parts):
    """Objects of a group that MAST no longer lists (loaded by an earlier ingest) still count for its
    threshold: a part's rows alone are not the group's."""
    ingest_whole()
    group = Group.objects.order_by("-pk").first()
    constants = FilterStat.objects.filter(candidate__group=group, candidate__auto_class=0, mad__isnull=False)
    # copies of some of the group's constant objects with three times their MAD: the locus moves up
    for row in constants.order_by("pk")[:100]:
        copy = Candidate.objects.get(pk=row.candidate_id)
        copy.pk = 900_000_000 + row.pk
        copy.save(force_insert=True)
        row.pk, row.candidate, row.mad = None, copy, row.mad * 3
        row.mad_threshold = row.mad_threshold_source = None
        row.save(force_insert=True)
    assert FilterStat.objects.filter(candidate_id__gte=900_000_000).count() == 100

    ingest_whole()
    written = thresholds_held()
    assert filter_thresholds_update([group.pk]) == 0
    assert thresholds_held() == written
