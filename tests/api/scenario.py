"""A small, complete world for whole-API tests: candidates with light curves, users of every role."""

from dataclasses import dataclass, field

from hcvvet.catalog.models import Candidate
from tests.factories import GroupFactory, candidate_with_light_curve


@dataclass
class Scenario:
    users: dict
    candidates: list[Candidate] = field(default_factory=list)

    def refresh(self) -> None:
        """Undo what generated requests may have changed that later requests rely on."""


def build_scenario(users: dict) -> Scenario:
    group = GroupFactory(group_id=69810, target_name="M87")
    candidates = [
        candidate_with_light_curve(
            match_id=1905457 + i, group=group, ra_deg=187.7059 + i * 1e-3, dec_deg=12.3911, seed=i, n_points=6
        )
        for i in range(3)
    ]
    return Scenario(users=users, candidates=candidates)
