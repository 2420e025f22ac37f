"""Overlapping image flags and unflags, in any order: the state depends only on which images are flagged now.

Three stars share six images. One star has a spike on image 3 only; one has spikes on images 2 and 4 (its
variability goes away only when both are flagged); one varies on every image. Hypothesis flags and unflags
images 2, 3 and 4 in random orders. After every step: exactly the measurements on flagged images are
rejected by a flag, each star is marked for re-review exactly while its variability rests on flagged images,
and once every flag is cleared the field is as it was before the first flag.
"""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hcvvet.catalog.models import Candidate, FilterStat, Image, Measurement, RejectionSource
from hcvvet.catalog.stats import filter_statistics
from hcvvet.vetting.image_flags import image_flag, image_unflag, rests_on_rejected_epochs
from tests.factories import CandidateFactory, ImageFactory
from tests.properties import db_property_settings
from tests.vetting.test_image_flag import _snapshot

FLAGGABLE = (2, 3, 4)
_FIELDS = itertools.count(1)  # each example builds a field of its own


def _light_curve(candidate, images, mags):
    """Measurements on `images` and a filter row whose catalogue statistics are those of the light curve."""
    err = [0.02] * len(mags)
    Measurement.objects.bulk_create(
        Measurement(candidate=candidate, filter="ACS_F814W", image=i, mjd=i.mjd, mag=m, corr_mag=m, mag_err=e)
        for i, m, e in zip(images, mags, err, strict=True)
    )
    s = filter_statistics(mags, mags, err)
    FilterStat.objects.create(
        candidate=candidate,
        filter="ACS_F814W",
        filter_det_flag=1,
        var_qual_flag="AAAAA",
        num_lc=s.num_lc,
        mad=s.mad,
        chi2=s.chi2,
        mad_threshold=0.04,
    )


def _field():
    n = next(_FIELDS)
    images = [ImageFactory(name=f"hst_{10000 + n}_{i:02d}_acs_wfc_f814w", mjd=53700.0 + i) for i in range(6)]
    stars = {
        "one spike": CandidateFactory(match_id=n * 10 + 1, auto_class=1),
        "two spikes": CandidateFactory(match_id=n * 10 + 2, auto_class=1),
        "variable": CandidateFactory(match_id=n * 10 + 3, auto_class=1),
    }
    _light_curve(stars["one spike"], images, [22.0, 22.01, 21.99, 20.5, 22.0, 22.02])
    _light_curve(stars["two spikes"], images, [22.0, 22.01, 20.6, 22.0, 20.4, 22.02])
    _light_curve(stars["variable"], images, [21.0, 21.3, 20.7, 21.35, 20.65, 21.0])
    return images, stars


def _assert_follows_flags(images, stars, flagged):
    index = {image.pk: i for i, image in enumerate(images)}
    for m in Measurement.objects.filter(candidate__in=stars.values()):
        on_flagged = index[m.image_id] in flagged
        assert (m.rejected, m.rejected_source == RejectionSource.IMAGE_FLAG) == (on_flagged, on_flagged)
    for candidate in Candidate.objects.filter(pk__in=[c.pk for c in stars.values()]):
        resting = any(rests_on_rejected_epochs(r) for r in FilterStat.objects.filter(candidate=candidate))
        assert candidate.needs_review == resting, (candidate.match_id, sorted(flagged))
    assert {i for i, image in enumerate(images) if Image.objects.get(pk=image.pk).flagged} == flagged


@pytest.mark.django_db
@db_property_settings(30)
@given(steps=st.lists(st.sampled_from(FLAGGABLE), min_size=1, max_size=8), finish=st.permutations(FLAGGABLE))
def test_flags_and_unflags_in_any_order_depend_only_on_the_images_flagged_now(curator, steps, finish):
    images, stars = _field()
    initial = _snapshot()
    flagged: set[int] = set()
    for index in steps:  # each step toggles one image
        if index in flagged:
            image_unflag(image=images[index], user=curator)
            flagged.discard(index)
        else:
            image_flag(image=images[index], user=curator, reason=f"bad image {index}")
            flagged.add(index)
        _assert_follows_flags(images, stars, flagged)
    for index in finish:
        if index in flagged:
            image_unflag(image=images[index], user=curator)
            flagged.discard(index)
            _assert_follows_flags(images, stars, flagged)
    assert _snapshot()[:3] == initial[:3]
