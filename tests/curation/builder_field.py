"""A field for the campaign builder's tests: which objects a selection picks is known by construction."""

from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory


def build_field():
    """Group M101: 4 candidates with a light curve (3 bright in F814W, 1 faint), 2 without, 3 constant stars
    with one; another group's candidate that no condition on M101 may pick. Returns (M101, stars by kind)."""
    m101, other = GroupFactory(target_name="M101"), GroupFactory(target_name="NGC 4424")

    def star(group, *, auto_class=1, lc=True, mag=22.0, mad=0.3):
        candidate = CandidateFactory(group=group, auto_class=auto_class, has_light_curve=lc, max_mad=mad)
        FilterStatFactory(candidate=candidate, filter="ACS_F814W", mean_corr_mag=mag, mean_mag=mag, mad=mad)
        return candidate

    stars = {
        "bright": [star(m101, mag=21.0 + 0.1 * i) for i in range(3)],
        "faint": [star(m101, mag=25.5)],
        "no_lc": [star(m101, lc=False), star(m101, auto_class=2, lc=False)],
        "constant": [star(m101, auto_class=0, mad=0.01) for _ in range(3)],
        "other": [star(other)],
    }
    return m101, stars
