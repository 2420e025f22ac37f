"""factory_boy factories for catalogue rows, and a helper that builds a candidate with a real-shaped light
curve."""

import factory
import numpy as np

from hcvvet.catalog import stats
from hcvvet.catalog.models import Candidate, FilterStat, Group, Image, Measurement


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("group_id",)

    group_id = factory.Sequence(lambda n: 69810 + n)
    target_name = factory.Sequence(lambda n: f"NGC {4000 + n}")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    match_id = factory.Sequence(lambda n: 1_000_000 + n)
    group = factory.SubFactory(GroupFactory)
    sub_group_id = -5
    ra_deg = factory.Sequence(lambda n: 16.2 + 0.0001 * n)
    dec_deg = 2.12
    auto_class = 1
    hcv_expert_class = 0
    num_filters = 1


class FilterStatFactory(factory.django.DjangoModelFactory):
    """A summary row of an ordinary detection: MeanCorrMag equals MeanMag unless given."""

    class Meta:
        model = FilterStat

    candidate = factory.SubFactory(CandidateFactory)
    filter = "ACS_F814W"
    filter_det_flag = 1
    var_qual_flag = "AAAAA"
    num_lc = 12
    mean_mag = 22.0
    mean_corr_mag = factory.LazyAttribute(lambda o: o.mean_mag)
    mad = 0.05
    chi2 = 1.0


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"hst_10543_{n % 100:02d}_acs_wfc_f814w")
    instrument = "acs"
    detector = "wfc"
    filter = "f814w"
    proposal_id = 10543
    visit = factory.LazyAttribute(lambda o: o.name.split("_")[2])


def candidate_with_light_curve(
    *,
    n_points: int = 12,
    filters: tuple[str, ...] = ("ACS_F814W",),
    auto_class: int = 1,
    seed: int = 0,
    amplitude_mag: float = 0.4,
    **candidate_fields,
) -> Candidate:
    """A candidate with filter rows and measurements whose catalogue statistics match its light curve."""
    rng = np.random.default_rng(seed)
    candidate = CandidateFactory(auto_class=auto_class, num_filters=len(filters), **candidate_fields)
    proposal = 10000 + candidate.match_id % 5000
    max_mad = 0.0
    for band in filters:
        instrument, filter_name = band.lower().split("_")
        mjd = np.sort(53700 + rng.uniform(0, 30, n_points))
        mag = 22 + amplitude_mag * np.sin(2 * np.pi * mjd / 3.1) + rng.normal(0, 0.02, n_points)
        err = np.full(n_points, 0.02)
        images = Image.objects.bulk_create(
            [
                Image(
                    name=f"hst_{proposal}_{i:02d}_{instrument}_wfc_{filter_name}",
                    instrument=instrument,
                    detector="wfc",
                    filter=filter_name,
                    proposal_id=proposal,
                    visit=f"{i:02d}",
                    mjd=float(mjd[i]),
                )
                for i in range(n_points)
            ],
            ignore_conflicts=True,
        )
        Measurement.objects.bulk_create(
            Measurement(
                candidate=candidate,
                filter=band,
                image=image,
                mjd=float(t),
                mag=float(m),
                corr_mag=float(m),
                mag_err=float(e),
                ci=1.0,
                d=3.0,
            )
            for image, t, m, e in zip(images, mjd, mag, err, strict=True)
        )
        s = stats.filter_statistics(mag, mag, err)
        FilterStat.objects.create(
            candidate=candidate,
            filter=band,
            filter_det_flag=1 if auto_class else 0,
            var_qual_flag="AAAAA",
            num_lc=s.num_lc,
            mean_mag=s.mean_mag,
            mean_corr_mag=s.mean_corr_mag,
            mad=s.mad,
            chi2=s.chi2,
        )
        max_mad = max(max_mad, s.mad)
    candidate.max_mad = max_mad
    candidate.has_light_curve = True
    candidate.save(update_fields=["max_mad", "has_light_curve"])
    return candidate
