"""Ingesting a field again: the curators' and experts' marks survive, and when MAST holds nothing new the
re-run writes nothing at all (no row rewritten, no data version moved, so no report is recomputed)."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement
from hcvvet.catalog.versioning import CATALOG, LABELS, data_version
from hcvvet.ingest.models import JobState
from hcvvet.ingest.services.lifecycle import job_create, job_rerun
from hcvvet.vetting.epochs import epoch_reject
from hcvvet.vetting.image_flags import image_flag

M87 = 1072340

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _small_prefetch(settings):
    settings.HCVVET_INGEST_PREFETCH_CANDIDATES = 2


def _state():
    """Everything a re-run must leave as it was: marks, vetted statistics and each row's last write."""
    return (
        list(
            Candidate.objects.order_by("pk").values_list("pk", "needs_review", "stats_mismatch", "updated_at")
        ),
        list(
            FilterStat.objects.order_by("pk").values_list(
                "pk", "mad", "mad_threshold", "vetted_mad", "vetted_chi2", "vetted_num_lc"
            )
        ),
        list(
            Measurement.objects.order_by("pk").values_list(
                "pk", "rejected", "rejected_source", "rejected_reason"
            )
        ),
        list(Image.objects.order_by("pk").values_list("pk", "flagged")),
    )


def test_rerun_keeps_every_mark_and_writes_nothing_when_nothing_changed(mast, make_user):
    first = job_create(group_ids=[M87], fetch_cutouts=False)
    first.refresh_from_db()
    assert first.state == JobState.SUCCEEDED, first.error
    curator = make_user("cora", Role.CURATOR, Role.EXPERT)
    # An expert rejects an epoch of the top candidate; a curator flags an image of another one.
    top = Candidate.objects.filter(group_id=M87, auto_class__gt=0).order_by("-max_mad").first()
    epoch = Measurement.objects.filter(candidate=top).order_by("mjd").first()
    epoch_reject(measurement=epoch, user=curator, reason="cosmic ray")
    other = Measurement.objects.exclude(candidate=top).exclude(image=epoch.image).order_by("pk").first()
    image_flag(image=other.image, user=curator, reason="guiding failure")
    Candidate.objects.filter(pk=top.pk).update(needs_review=True)
    before, versions = _state(), data_version(CATALOG, LABELS)

    again = job_rerun(first)
    again.refresh_from_db()

    assert again.state == JobState.SUCCEEDED, again.error
    assert _state() == before
    assert data_version(CATALOG, LABELS) == versions
