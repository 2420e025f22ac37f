"""API fixtures: one token-authenticated client per role, and a small catalogue to query."""

import pytest

from tests.conftest import token_client
from tests.factories import CandidateFactory, GroupFactory, candidate_with_light_curve


@pytest.fixture
def clients(users):
    return {role: token_client(user) for role, user in users.items()}


@pytest.fixture
def sky(db):
    """Candidates around M87 and near RA 0 (for wrap-around), with known separations."""
    m87 = GroupFactory(group_id=69810, target_name="M87")
    wrap = GroupFactory(group_id=70000, target_name="WRAP")
    rows = {
        "centre": candidate_with_light_curve(
            match_id=1905457,
            group=m87,
            ra_deg=187.7059,
            dec_deg=12.3911,
            seed=1,
            filters=("ACS_F606W", "ACS_F814W"),
        ),
        "near": CandidateFactory(
            match_id=11, group=m87, ra_deg=187.7059, dec_deg=12.3911 + 20 / 3600, max_mad=0.05
        ),
        "far": CandidateFactory(
            match_id=12, group=m87, ra_deg=187.7059, dec_deg=12.3911 + 40 / 3600, max_mad=0.2
        ),
        "east": CandidateFactory(
            match_id=13, group=m87, ra_deg=187.7059 + 25 / 3600, dec_deg=12.3911, auto_class=2
        ),
        "wrap_low": CandidateFactory(match_id=21, group=wrap, ra_deg=359.999, dec_deg=0.0, auto_class=0),
        "wrap_high": CandidateFactory(match_id=22, group=wrap, ra_deg=0.001, dec_deg=0.0, auto_class=0),
    }
    return rows
