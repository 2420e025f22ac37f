"""Labelling services: validation, one Label per expert with an append-only event per change, undo, skip."""

import pytest

from hcvvet.accounts.models import Role
from hcvvet.vetting.errors import Conflict, InvalidInput, NotAllowed
from hcvvet.vetting.labels import label_skip, label_submit, label_undo
from hcvvet.vetting.models import EventKind, Label, LabelEvent
from hcvvet.vetting.queues import next_item
from tests.vetting.campaign_helpers import active_campaign


def test_label_then_change_keeps_one_label_and_two_events(expert):
    campaign = active_campaign(experts=[expert], votes_needed=1)
    item = next_item(expert=expert, campaign=campaign)
    label_submit(
        campaign=campaign, candidate=item.candidate, expert=expert, expert_class=1, seconds_spent=4.5
    )
    label = label_submit(
        campaign=campaign,
        candidate=item.candidate,
        expert=expert,
        expert_class=4,
        reasons=["cosmic_ray"],
        comment="single-epoch spike",
        seconds_spent=2.0,
    )
    assert Label.objects.get().expert_class == 4
    assert label.seconds_spent == 6.5
    events = list(LabelEvent.objects.order_by("pk").values_list("kind", "before", "after"))
    assert [e[0] for e in events] == [EventKind.LABEL, EventKind.CHANGE]
    assert events[1][1]["expert_class"] == 1
    assert events[1][2] == {
        "expert_class": 4,
        "skipped": False,
        "reasons": ["cosmic_ray"],
        "comment": "single-epoch spike",
    }
    item.refresh_from_db()
    assert item.vote_count == 1
    item.candidate.refresh_from_db()
    assert item.candidate.expert_class == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"expert_class": 3}, "expert_class"),
        ({"expert_class": 1, "reasons": ["sunspot"]}, "reasons"),
        ({"expert_class": 1, "seconds_spent": -1}, "seconds_spent"),
        ({"expert_class": 1, "seconds_spent": float("inf")}, "seconds_spent"),
        ({"expert_class": 1, "seconds_spent": float("nan")}, "seconds_spent"),
    ],
)
def test_invalid_labels_are_refused_with_the_field_named(expert, fields, field):
    campaign = active_campaign(experts=[expert], votes_needed=1)
    item = next_item(expert=expert, campaign=campaign)
    with pytest.raises(InvalidInput) as error:
        label_submit(campaign=campaign, candidate=item.candidate, expert=expert, **fields)
    assert error.value.field == field
    assert not Label.objects.exists()


def test_expert_outside_the_campaign_cannot_label(expert, make_user):
    outsider = make_user("eve", Role.EXPERT)
    campaign = active_campaign(experts=[expert], votes_needed=1)
    with pytest.raises(NotAllowed):
        label_submit(
            campaign=campaign, candidate=campaign.items.first().candidate, expert=outsider, expert_class=1
        )


def test_no_vote_beyond_what_the_candidate_needs(make_user):
    ada, bob = make_user("ada", Role.EXPERT), make_user("bob", Role.EXPERT)
    campaign = active_campaign(experts=[ada, bob], votes_needed=1, n_candidates=1)
    candidate = campaign.items.get().candidate
    label_submit(campaign=campaign, candidate=candidate, expert=ada, expert_class=1)
    with pytest.raises(Conflict):
        label_submit(campaign=campaign, candidate=candidate, expert=bob, expert_class=2)
    assert Label.objects.count() == 1


def test_undo_walks_back_through_changes_and_withdraws_the_first_vote(expert):
    campaign = active_campaign(experts=[expert], votes_needed=1)
    item = next_item(expert=expert, campaign=campaign)
    label_submit(campaign=campaign, candidate=item.candidate, expert=expert, expert_class=1)
    label_submit(campaign=campaign, candidate=item.candidate, expert=expert, expert_class=2)
    assert label_undo(campaign=campaign, expert=expert).expert_class == 1
    assert label_undo(campaign=campaign, expert=expert).expert_class is None
    assert label_undo(campaign=campaign, expert=expert) is None
    item.refresh_from_db()
    assert item.vote_count == 0
    item.candidate.refresh_from_db()
    assert item.candidate.expert_class is None
    # The undone candidate is back at the head of the queue, and the history kept every step.
    assert next_item(expert=expert, campaign=campaign).pk == item.pk
    kinds = list(LabelEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [EventKind.LABEL, EventKind.CHANGE, EventKind.UNDO, EventKind.UNDO]


def test_undo_of_a_skip_puts_the_candidate_back(expert):
    campaign = active_campaign(experts=[expert], votes_needed=1, n_candidates=2)
    item = next_item(expert=expert, campaign=campaign)
    label_skip(campaign=campaign, candidate=item.candidate, expert=expert)
    assert next_item(expert=expert, campaign=campaign).pk != item.pk
    label_undo(campaign=campaign, expert=expert)
    assert not Label.objects.get().skipped
    assert next_item(expert=expert, campaign=campaign).candidate_id in {
        c.candidate_id for c in campaign.items.all()
    }
