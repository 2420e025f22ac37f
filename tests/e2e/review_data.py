"""A small review field for the review tests and benchmark: one group with constant stars (context),
candidates with light curves in two filters, and cutout JPEGs in storage for most epochs (some missing on
purpose)."""

import io

import numpy as np
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from hcvvet.catalog.models import Candidate, Cutout, CutoutStatus, FilterStat, Group, Measurement
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory, candidate_with_light_curve

FILTERS = ("ACS_F475W", "ACS_F814W")


def star_jpeg(size_px: int, *, seed: int, brightness: float = 1.0) -> bytes:
    """A JPEG of a star on a noisy sky, `size_px` pixels square."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size_px, 0:size_px] - (size_px - 1) / 2
    sigma = max(size_px / 40, 1.2) if size_px > 30 else 2.0
    sky = 30 + rng.normal(0, 6, (size_px, size_px))
    star = 200 * brightness * np.exp(-(x**2 + y**2) / (2 * sigma**2))
    pixels = np.clip(sky + star, 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    PILImage.fromarray(pixels, mode="L").save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def add_cutouts(candidate: Candidate, *, skip_every: int = 0) -> int:
    """Cutouts (19 and 101 px) of each epoch of `candidate`; every `skip_every`-th epoch is left missing."""
    made = 0
    for n, measurement in enumerate(
        Measurement.objects.filter(candidate=candidate).order_by("filter", "mjd")
    ):
        for size in (19, 101):
            if skip_every and n % skip_every == skip_every - 1:
                Cutout.objects.create(
                    image_id=measurement.image_id,
                    candidate=candidate,
                    size_px=size,
                    status=CutoutStatus.MISSING,
                )
                continue
            cutout = Cutout(
                image_id=measurement.image_id, candidate=candidate, size_px=size, status=CutoutStatus.OK
            )
            cutout.file.save(
                f"{candidate.match_id}_{measurement.image_id}_{size}.jpg",
                ContentFile(
                    star_jpeg(size, seed=measurement.pk, brightness=1.5 - 0.2 * (measurement.corr_mag - 21))
                ),
                save=False,
            )
            cutout.save()
            made += 1
    return made


def add_constants(group: Group, count: int, *, filters=FILTERS, seed: int = 0) -> None:
    """Constant stars (summary rows only) spread over 19-26 mag, with MAD rising towards faint magnitudes."""
    rng = np.random.default_rng(seed)
    stars = CandidateFactory.create_batch(count, group=group, auto_class=0, num_filters=len(filters))
    rows = []
    for star in stars:
        red = rng.uniform(19, 26)
        for k, band in enumerate(filters):
            mag = red + (len(filters) - 1 - k) * rng.normal(1.0, 0.3)
            mad = 0.004 * np.exp((mag - 19) / 2.2) * rng.lognormal(0, 0.25)
            rows.append(
                FilterStatFactory.build(candidate=star, filter=band, filter_det_flag=0, mean_mag=mag, mad=mad)
            )
    FilterStat.objects.bulk_create(rows)


def build_review_field(
    *,
    candidates: int = 6,
    constants: int = 200,
    n_points: int = 8,
    cutouts: bool = True,
    group_id: int = 1072340,
) -> list[Candidate]:
    """A group named like the M87 field with `candidates` two-filter candidates, highest MAD first."""
    group = GroupFactory(group_id=group_id, target_name="M87")
    add_constants(group, constants, seed=group_id)
    made = []
    for n in range(candidates):
        candidate = candidate_with_light_curve(
            n_points=n_points,
            filters=FILTERS,
            auto_class=2,
            seed=n,
            amplitude_mag=0.9 - 0.05 * n,
            group=group,
            ra_deg=187.70 + 0.001 * n,
            dec_deg=12.39,
        )
        if cutouts:
            add_cutouts(candidate, skip_every=5)
        made.append(candidate)
    return made
