"""Image flags: every measurement on the image rejected for every candidate, statistics recomputed, candidates
resting on the image marked for re-review; unflagging restores everything exactly."""

import pytest

from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource
from hcvvet.vetting.epochs import epoch_reject
from hcvvet.vetting.errors import Conflict, NotAllowed
from hcvvet.vetting.image_flags import image_flag, image_unflag
from hcvvet.vetting.models import EventKind, ImageFlag, LabelEvent
from tests.factories import CandidateFactory, ImageFactory


def _light_curve(candidate, images, mags):
    for image, mag in zip(images, mags, strict=True):
        Measurement.objects.create(
            candidate=candidate,
            filter="ACS_F814W",
            image=image,
            mjd=image.mjd,
            mag=mag,
            corr_mag=mag,
            mag_err=0.02,
        )
    FilterStat.objects.create(
        candidate=candidate,
        filter="ACS_F814W",
        filter_det_flag=1,
        var_qual_flag="AAAAA",
        num_lc=len(mags),
        mad=0.05,
        chi2=30.0,
        mad_threshold=0.04,
    )


@pytest.fixture
def field(db):
    """Two stars on six shared images; image 3 carries a spike in the first star only."""
    images = [ImageFactory(name=f"hst_10543_{i:02d}_acs_wfc_f814w", mjd=53700.0 + i) for i in range(6)]
    spiky = CandidateFactory(match_id=11, auto_class=1)
    steady = CandidateFactory(match_id=12, auto_class=1)
    _light_curve(spiky, images, [22.0, 22.01, 21.99, 20.5, 22.0, 22.02])
    _light_curve(steady, images, [21.0, 21.3, 20.7, 21.35, 20.65, 21.0])
    return images, spiky, steady


def _snapshot():
    return (
        list(
            Measurement.objects.order_by("pk").values_list(
                "rejected", "rejected_source", "rejected_reason", "rejected_by"
            )
        ),
        list(FilterStat.objects.order_by("pk").values_list("vetted_mad", "vetted_chi2", "vetted_num_lc")),
        list(Candidate.objects.order_by("pk").values_list("needs_review", flat=True)),
        list(Image.objects.order_by("pk").values_list("flagged", flat=True)),
    )


def test_flag_rejects_the_image_everywhere_and_recomputes_statistics(field, curator):
    images, spiky, steady = field
    flag = image_flag(image=images[3], user=curator, reason="satellite trail")
    on_image = Measurement.objects.filter(image=images[3])
    assert on_image.count() == 2
    assert set(on_image.values_list("rejected", "rejected_source")) == {(True, RejectionSource.IMAGE_FLAG)}
    for candidate in (spiky, steady):
        row = FilterStat.objects.get(candidate=candidate)
        assert row.vetted_num_lc == 5
    spiky_row = FilterStat.objects.get(candidate=spiky)
    assert spiky_row.vetted_chi2 < 0.5 * FilterStat.objects.get(candidate=spiky).chi2
    # The spike made the first star variable; the second varies on every image.
    assert Candidate.objects.get(pk=spiky.pk).needs_review
    assert not Candidate.objects.get(pk=steady.pk).needs_review
    assert flag.marked_for_review == [spiky.pk]
    assert Image.objects.get(pk=images[3].pk).flagged
    assert LabelEvent.objects.filter(kind=EventKind.FLAG_IMAGE).count() == 2


def test_unflag_restores_everything_exactly(field, curator, expert):
    images, spiky, _ = field
    # An expert's own rejection on the same image must survive the flag and its removal.
    epoch_reject(
        measurement=Measurement.objects.get(candidate=spiky, image=images[3]), user=expert, reason="spike"
    )
    before = _snapshot()
    image_flag(image=images[3], user=curator, reason="bad")
    image_flag_other = image_flag(image=images[1], user=curator, reason="guiding lost")
    assert _snapshot() != before
    image_unflag(image=images[1], user=curator)
    image_unflag(image=images[3], user=curator)
    assert _snapshot() == before
    assert ImageFlag.objects.get(pk=image_flag_other.pk).cleared_by == curator
    kinds = LabelEvent.objects.filter(candidate=spiky).values_list("kind", flat=True)
    assert list(kinds) == [
        EventKind.REJECT_EPOCH,
        EventKind.FLAG_IMAGE,
        EventKind.FLAG_IMAGE,
        EventKind.UNFLAG_IMAGE,
        EventKind.UNFLAG_IMAGE,
    ]


def test_only_curators_flag_and_an_image_is_flagged_once(field, curator, expert):
    images, _, _ = field
    with pytest.raises(NotAllowed):
        image_flag(image=images[0], user=expert, reason="bad")
    image_flag(image=images[0], user=curator, reason="bad")
    with pytest.raises(Conflict):
        image_flag(image=images[0], user=curator, reason="again")
    with pytest.raises(Conflict):
        image_unflag(image=images[2], user=curator)
