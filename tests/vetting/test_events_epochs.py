"""Epoch rejection: statistics recomputed without the epoch, restored exactly, every step in the history."""

import pytest

from hcvvet.catalog import stats
from hcvvet.catalog.models import FilterStat, Measurement
from hcvvet.vetting.epochs import epoch_reject, epoch_restore
from hcvvet.vetting.errors import Conflict, NotAllowed
from hcvvet.vetting.models import EventKind, LabelEvent
from tests.factories import candidate_with_light_curve


def test_rejecting_an_epoch_recomputes_mad_and_chi2_without_it(expert):
    candidate = candidate_with_light_curve(n_points=10, seed=3)
    points = list(Measurement.objects.filter(candidate=candidate).order_by("mjd"))
    row = epoch_reject(measurement=points[4], user=expert, reason="cosmic_ray")
    kept = [p for p in points if p.pk != points[4].pk]
    expected = stats.filter_statistics(
        [p.mag for p in kept], [p.corr_mag for p in kept], [p.mag_err for p in kept]
    )
    assert row.vetted_num_lc == 9
    assert row.vetted_mad == pytest.approx(expected.mad)
    assert row.vetted_chi2 == pytest.approx(expected.chi2)
    assert row.vetted_mad != row.mad
    event = LabelEvent.objects.get(kind=EventKind.REJECT_EPOCH)
    assert (event.candidate_id, event.actor, event.after["vetted_num_lc"]) == (candidate.pk, expert, 9)


def test_restoring_the_epoch_restores_the_row_exactly(expert):
    candidate = candidate_with_light_curve(n_points=8, seed=4)
    point = Measurement.objects.filter(candidate=candidate).first()
    epoch_reject(measurement=point, user=expert, reason="chip edge")
    row = epoch_restore(measurement=point, user=expert)
    assert (row.vetted_mad, row.vetted_chi2, row.vetted_num_lc) == (None, None, None)
    point.refresh_from_db()
    assert (point.rejected, point.rejected_source, point.rejected_by) == (False, "", None)
    assert list(LabelEvent.objects.values_list("kind", flat=True)) == [
        EventKind.REJECT_EPOCH,
        EventKind.RESTORE_EPOCH,
    ]
    assert FilterStat.objects.get(candidate=candidate).vetted_mad is None


def test_viewers_cannot_reject_and_nothing_is_rejected_twice(expert, viewer):
    point = Measurement.objects.filter(candidate=candidate_with_light_curve(n_points=5)).first()
    with pytest.raises(NotAllowed):
        epoch_reject(measurement=point, user=viewer, reason="bad")
    epoch_reject(measurement=point, user=expert, reason="bad")
    with pytest.raises(Conflict):
        epoch_reject(measurement=point, user=expert, reason="bad")
