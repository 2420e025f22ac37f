"""Campaign services: selection checked and frozen on start, queue orders, gold mixed in, settings locked."""

import pytest

from hcvvet.catalog.models import FilterStat
from hcvvet.vetting.campaigns import campaign_create, campaign_start, campaign_update
from hcvvet.vetting.errors import Conflict, InvalidInput, NotAllowed
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import CampaignCandidate, CampaignState, QueueOrder
from tests.factories import CandidateFactory, GroupFactory
from tests.vetting.campaign_helpers import active_campaign


@pytest.fixture
def field(db):
    """Twenty candidates in group 1, one F814W row each (MAD 0.01..0.20, mag 20..23.8); five in group 2."""
    g1, g2 = GroupFactory(group_id=1), GroupFactory(group_id=2)
    stars = []
    for i in range(20):
        star = CandidateFactory(group=g1, max_mad=0.01 * (i + 1), auto_class=1 + i % 2)
        FilterStat.objects.create(
            candidate=star,
            filter="ACS_F814W",
            filter_det_flag=1,
            var_qual_flag="AAB" + "AC"[i % 2] + "A",
            num_lc=10,
            mad=0.01 * (i + 1),
            mean_corr_mag=20 + 0.2 * i,
        )
        stars.append(star)
    others = [CandidateFactory(group=g2, max_mad=0.5, hcv_expert_class=4) for _ in range(5)]
    return stars, others


def _frozen(campaign):
    return list(CampaignCandidate.objects.filter(campaign=campaign).order_by("position"))


def test_selection_is_frozen_on_start_in_mad_order(field, curator):
    stars, _ = field
    campaign = campaign_create(
        user=curator,
        name="bright F814W",
        selection={"group_ids": [1], "filters": ["ACS_F814W"], "mag_max": 22.9, "mad_min": 0.05},
    )
    campaign_start(campaign=campaign, user=curator)
    expected = [s.pk for s in stars if s.max_mad >= 0.05 - 1e-9 and 20 + 0.2 * stars.index(s) <= 22.9]
    assert [i.candidate_id for i in _frozen(campaign)] == sorted(
        expected, key=lambda pk: -next(s.max_mad for s in stars if s.pk == pk)
    )
    # Candidates ingested later do not join a frozen campaign.
    CandidateFactory(group=stars[0].group, max_mad=0.9)
    assert len(_frozen(campaign)) == len(expected)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.ACTIVE


def test_var_qual_flag_pattern_and_match_id_list(field, curator):
    stars, others = field
    by_flag = campaign_create(user=curator, name="C flags", selection={"var_qual_flag": "AABC?"})
    assert by_flag.selection["var_qual_flag"] == "AABC?"
    campaign_start(campaign=by_flag, user=curator)
    assert {i.candidate_id for i in _frozen(by_flag)} == {s.pk for i, s in enumerate(stars) if i % 2}
    listed = campaign_create(
        user=curator, name="listed", selection={"match_ids": [others[0].pk, stars[3].pk]}
    )
    campaign_start(campaign=listed, user=curator)
    assert {i.candidate_id for i in _frozen(listed)} == {others[0].pk, stars[3].pk}


@pytest.mark.parametrize(
    ("selection", "field_name"),
    [
        ({"auto_class": [3]}, "auto_class"),
        ({"mad_min": 0.3, "mad_max": 0.1}, "mad_min"),
        ({"var_qual_flag": "A*B"}, "var_qual_flag"),
        ({"colour": "red"}, "selection"),
    ],
)
def test_bad_selections_name_the_field(curator, selection, field_name):
    with pytest.raises(InvalidInput) as error:
        campaign_create(user=curator, name="bad", selection=selection)
    assert error.value.field == field_name


def test_stratified_order_spreads_strata_through_the_queue(field, curator):
    campaign = campaign_create(
        user=curator, name="strata", selection={"group_ids": [1]}, order=QueueOrder.STRATIFIED, seed=7
    )
    campaign_start(campaign=campaign, user=curator)
    items = _frozen(campaign)
    assert len({i.stratum for i in items}) >= 4
    # The first half of the queue reaches every MAD quartile, unlike MAD order.
    first_half = {i.stratum.split("-")[0] for i in items[:10]}
    assert first_half == {"mad0", "mad1", "mad2", "mad3"}


def test_random_order_is_reproducible_from_the_seed(field, curator):
    orders = []
    for name in ("r1", "r2"):
        campaign = campaign_create(
            user=curator, name=name, selection={"group_ids": [1]}, order="random", seed=3
        )
        campaign_start(campaign=campaign, user=curator)
        orders.append([i.candidate_id for i in _frozen(campaign)])
    assert orders[0] == orders[1]
    assert orders[0] != sorted(orders[0])


def test_gold_candidates_are_drawn_from_the_selection_with_their_known_class(field, curator):
    stars, _ = field
    known = stars[3:8]
    for star in known:
        star.hcv_expert_class = 4
        star.save()
    campaign = campaign_create(
        user=curator, name="gold", selection={"group_ids": [1], "gold_count": 3}, seed=1
    )
    campaign_start(campaign=campaign, user=curator)
    gold = [i for i in _frozen(campaign) if i.is_gold]
    assert len(gold) == 3
    # From inside the selection: nothing (another field, another class of object) tells them apart.
    assert {g.candidate_id for g in gold} <= {s.pk for s in known}
    assert {g.gold_class for g in gold} == {4}
    assert len(_frozen(campaign)) == 20
    assert len({i.candidate_id for i in _frozen(campaign)}) == 20


def test_gold_from_outside_the_selection_is_refused(field, curator):
    _, others = field
    named = campaign_create(
        user=curator, name="named", selection={"group_ids": [1], "gold_match_ids": [others[0].pk]}
    )
    with pytest.raises(InvalidInput, match="among the selected candidates"):
        campaign_start(campaign=named, user=curator)
    # Group 1 has no candidate with a known class: none is drawn from group 2, which has some.
    drawn = campaign_create(user=curator, name="drawn", selection={"group_ids": [1], "gold_count": 1})
    with pytest.raises(InvalidInput, match="only 0 selected candidates"):
        campaign_start(campaign=drawn, user=curator)


def test_settings_are_locked_once_started_and_only_curators_manage(field, curator, expert):
    with pytest.raises(NotAllowed):
        campaign_create(user=expert, name="mine", selection={})
    campaign = campaign_create(user=curator, name="c", selection={"group_ids": [2]}, votes_needed=2)
    campaign_update(campaign=campaign, user=curator, votes_needed=3, experts=[expert])
    campaign_start(campaign=campaign, user=curator)
    with pytest.raises(Conflict):
        campaign_update(campaign=campaign, user=curator, votes_needed=1)
    campaign_update(campaign=campaign, user=curator, description="now with notes")
    with pytest.raises(Conflict):
        campaign_start(campaign=campaign, user=curator)
    assert list(campaign.experts.all()) == [expert]


def test_disagreement_first_puts_disputed_candidates_ahead(field, curator, make_user):
    stars, _ = field
    ada, bob = make_user("ada", "expert"), make_user("bob", "expert")
    earlier = active_campaign(experts=[ada, bob], candidates=[stars[2]], votes_needed=2, name="earlier")
    label_submit(campaign=earlier, candidate=stars[2], expert=ada, expert_class=1)
    label_submit(campaign=earlier, candidate=stars[2], expert=bob, expert_class=4)
    campaign = campaign_create(
        user=curator, name="recheck", selection={"group_ids": [1]}, order="disagreement"
    )
    campaign_start(campaign=campaign, user=curator)
    order = [i.candidate_id for i in _frozen(campaign)]
    assert order[0] == stars[2].pk
    assert order[1:] == [s.pk for s in sorted(stars, key=lambda s: -s.max_mad) if s.pk != stars[2].pk]


def test_closing_a_closed_campaign_changes_nothing_and_writes_no_event(field, curator):
    from hcvvet.vetting.campaigns import campaign_close
    from hcvvet.vetting.models import EventKind, LabelEvent

    campaign = campaign_start(
        campaign=campaign_create(user=curator, name="once", selection={"group_ids": [2]}), user=curator
    )
    campaign_close(campaign=campaign, user=curator)
    events = LabelEvent.objects.filter(kind=EventKind.CAMPAIGN, campaign=campaign).count()
    again = campaign_close(campaign=campaign, user=curator)
    assert again.state == CampaignState.CLOSED
    assert LabelEvent.objects.filter(kind=EventKind.CAMPAIGN, campaign=campaign).count() == events
