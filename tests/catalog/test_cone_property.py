"""hcvvet's cone search (`catalog.selectors.cone_search`: an index box, then haversine in SQL) against
astropy's separation, at mid and high declinations and across RA 0/360, with points just inside and outside
the edge."""

import itertools

import numpy as np
import pytest
from astropy import units as u
from astropy.coordinates import SkyCoord
from hypothesis import given
from hypothesis import strategies as st

from hcvvet.catalog.models import Candidate
from hcvvet.catalog.selectors import cone_search
from tests.factories import GroupFactory
from tests.properties import db_property_settings
from tests.sandbox.server.test_cone_property import _points_around

_MATCH_IDS = itertools.count(5_000_000, 1000)


@pytest.mark.django_db
@db_property_settings(25)
@given(
    ra=st.sampled_from([0.0, 0.01, 187.7, 359.99]) | st.floats(0, 360, exclude_max=True),
    dec=st.floats(-80, 80),
    radius_arcsec=st.floats(1, 1800),
)
def test_cone_search_returns_exactly_the_candidates_astropy_puts_inside(ra, dec, radius_arcsec):
    radius_deg = radius_arcsec / 3600
    ras, decs = _points_around(ra, dec, radius_deg, seed=abs(hash((ra, dec, radius_arcsec))))
    group, first = GroupFactory(), next(_MATCH_IDS)
    Candidate.objects.bulk_create(
        Candidate(
            match_id=first + i, group=group, sub_group_id=0, ra_deg=r, dec_deg=d, auto_class=1, num_filters=1
        )
        for i, (r, d) in enumerate(zip(ras, decs, strict=True))
    )
    in_field = Candidate.objects.filter(group=group)
    found = {
        m - first
        for m in cone_search(in_field, ra_deg=ra, dec_deg=dec, radius_arcsec=radius_arcsec).values_list(
            "match_id", flat=True
        )
    }
    separation = SkyCoord(ras * u.deg, decs * u.deg).separation(SkyCoord(ra * u.deg, dec * u.deg)).deg
    inside = set(np.flatnonzero(separation <= radius_deg * (1 - 1e-9)).tolist())
    outside = set(np.flatnonzero(separation > radius_deg * (1 + 1e-9)).tolist())
    assert inside <= found
    assert not (outside & found)
