from dataclasses import dataclass

import pytest
from django.db import transaction

from hcvvet.accounts.models import Role
from hcvvet.catalog.models import Candidate
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label
from tests.factories import CandidateFactory, FilterStatFactory, GroupFactory

from .db import load_table
from .synthetic import real_count_table


@pytest.fixture(scope="module")
def real_counts(django_db_setup, django_db_blocker):
    """The real HCV validation counts (13,533 objects, 31,258 rows) in the catalogue, loaded once per module
    inside an outer transaction that is rolled back after the module (each test's own transaction nests in
    it as a savepoint), so no other module sees the rows. Only tests/reports/test_real_counts.py uses it:
    loading costs seconds."""
    with django_db_blocker.unblock(), transaction.atomic():
        table = real_count_table()
        load_table(table)
        yield table
        transaction.set_rollback(True)


@dataclass
class SmallCampaign:
    campaign: Campaign
    candidates: list[Candidate]
    experts: list


# (AutoClass, catalogue ExpertClass, consensus, votes of ada, bob, cora; None = no vote)
SMALL_OBJECTS = [
    (1, 1, 1, (1, 1, 1)),
    (1, 4, 4, (4, 4, None)),
    (2, 2, 2, (2, 2, 1)),
    (2, 2, 1, (1, 2, None)),
    (1, 0, None, (4, None, None)),
    (1, 0, None, (None, None, None)),
]


@pytest.fixture
def small_campaign(make_user) -> SmallCampaign:
    """Six campaign candidates in two filters with consensus and votes of three experts, plus two objects
    outside the campaign; the first candidate is gold (class 1)."""
    experts = [make_user(name, Role.EXPERT) for name in ("ada", "bob", "cora")]
    group = GroupFactory(group_id=1045904, target_name="M31")
    other_group = GroupFactory(group_id=1072340, target_name="M87")
    campaign = Campaign.objects.create(name="M31 pilot", rule="majority", votes_needed=2)
    candidates = []
    for i, (auto, hcv, consensus, votes) in enumerate(SMALL_OBJECTS + [(1, 1, None, ())] * 2):
        candidate = CandidateFactory(
            group=group if i < len(SMALL_OBJECTS) else other_group,
            auto_class=auto,
            hcv_expert_class=hcv,
            expert_class=consensus,
            num_filters=2,
        )
        for band, mag in (("ACS_F475W", 22.0 + 0.1 * i), ("ACS_F814W", 21.5 + 0.1 * i)):
            FilterStatFactory(candidate=candidate, filter=band, mean_mag=mag, mad=0.02 * (i + 1), chi2=4.0)
        if i < len(SMALL_OBJECTS):
            CampaignCandidate.objects.create(
                campaign=campaign,
                candidate=candidate,
                position=i,
                consensus_class=consensus,
                is_gold=i == 0,
                gold_class=1 if i == 0 else None,
            )
        for expert, vote in zip(experts, votes, strict=False):
            if vote is not None:
                Label.objects.create(campaign=campaign, candidate=candidate, expert=expert, expert_class=vote)
        candidates.append(candidate)
    return SmallCampaign(campaign, candidates, experts)


@pytest.fixture
def browser(client, make_user):
    """A curator's client: the small campaign is blind and not closed, and its labels are shown to curators
    who do not vote in it."""
    client.force_login(make_user("curt", Role.CURATOR))
    return client
