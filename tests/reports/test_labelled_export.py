"""The labelled candidate export carries everything experts and curators entered: each vote's reasons,
comment, time spent and time, the campaign's gold flags and adjudications; in a fixed number of queries."""

from dataclasses import dataclass
from datetime import UTC

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hcvvet.accounts.models import Role
from hcvvet.reports import exports
from hcvvet.reports.labelled import labelled_candidates_build
from hcvvet.reports.selectors import ReportFilters
from hcvvet.vetting.adjudication import adjudicate
from hcvvet.vetting.labels import label_submit
from hcvvet.vetting.models import Campaign, CampaignCandidate, Label
from tests.factories import CandidateFactory, GroupFactory

pytestmark = pytest.mark.django_db
EXPERTS = ("ada", "bob", "cora")
# per candidate: (gold class or None, votes of ada, bob, cora; None = no vote)
OBJECTS = [(1, (1, 2, None)), (None, (1, 2, 4)), (None, (4, 4, 4)), (None, (None, None, None))]
NOTE = "spike on both epochs;\nsee the F814W cutout — not variable"


@dataclass
class Audited:
    campaign: Campaign
    candidates: list
    experts: list
    curator: object


def _vote(campaign, candidate, expert, expert_class, n: int) -> None:
    label_submit(
        campaign=campaign, candidate=candidate, expert=expert, expert_class=expert_class,
        reasons=["blend", "cosmic_ray"][: n % 3], comment=f"vote {n}: {expert.username} ✓" if n % 2 else "",
        seconds_spent=2.5 * n,
    )  # fmt: skip


def _add_candidates(campaign, experts, objects, start: int = 0) -> list:
    group = GroupFactory(group_id=1045904 + start, target_name="M31")
    candidates = []
    for i, (gold_class, votes) in enumerate(objects, start):
        candidate = CandidateFactory(group=group, auto_class=1, num_filters=2)
        for band in ("ACS_F475W", "ACS_F814W"):
            candidate.filter_stats.create(
                filter=band, filter_det_flag=1, var_qual_flag="AAAAA", num_lc=12, mean_mag=22.0,
                mean_corr_mag=22.0, mad=0.02 * (i + 1), chi2=4.0,
            )  # fmt: skip
        CampaignCandidate.objects.create(
            campaign=campaign, candidate=candidate, position=i, is_gold=gold_class is not None,
            gold_class=gold_class,
        )  # fmt: skip
        for j, (expert, vote) in enumerate(zip(experts, votes, strict=True)):
            if vote is not None:
                _vote(campaign, candidate, expert, vote, 3 * i + j + 1)
        candidates.append(candidate)
    return candidates


@pytest.fixture
def audited(make_user) -> Audited:
    """Four candidates in two filters, the first gold, voted on by three experts with reasons, comments and
    times; the second disputed and adjudicated; the last without votes."""
    experts = [make_user(name, Role.EXPERT) for name in EXPERTS]
    curator = make_user("curt", Role.CURATOR)
    campaign = Campaign.objects.create(name="M31 audit", rule="majority", votes_needed=3, state="active")
    campaign.experts.set(experts)
    candidates = _add_candidates(campaign, experts, OBJECTS)
    item = CampaignCandidate.objects.get(campaign=campaign, candidate=candidates[1])
    adjudicate(item=item, adjudicator=curator, decided_class=2, note=NOTE)
    return Audited(campaign, candidates, experts, curator)


def _export(client, user, fmt: str = "ecsv", **params):
    client.force_login(user)
    response = client.get(reverse("reports:labelled", args=[fmt]), {"source": "labels", **params})
    assert response.status_code == 200
    return exports.read_labelled_candidates(response.content, fmt)


def test_each_vote_sits_next_to_its_reasons_comment_time_spent_and_time(client, audited):
    table = _export(client, audited.curator, campaign="M31 audit")
    assert len(table) == 6  # three voted candidates in two filters
    names = table.colnames
    start = names.index("Vote_ada")
    assert names[start:] == [prefix + u for u in EXPERTS for prefix in exports.EXPERT_COLUMNS]
    labels = Label.objects.filter(campaign=audited.campaign).select_related("expert")
    for label in labels:
        # the object's vote repeats on each of its filter rows
        for row in np.flatnonzero(table["MatchID"] == label.candidate_id):
            u = label.expert.username
            assert table[f"Vote_{u}"][row] == label.expert_class
            assert table[f"Reasons_{u}"][row] == ",".join(label.reasons)
            assert exports.text_unescape(table[f"Comment_{u}"][row]) == label.comment
            assert table[f"Seconds_{u}"][row] == label.seconds_spent
            assert table[f"VotedAt_{u}"][row] == label.updated_at.astimezone(UTC).isoformat()
    assert exports.text_unescape(table["Comment_ada"][0]) == "vote 1: ada ✓"
    assert table["Reasons_ada"][0] == "blend"
    # bob voted without a comment: empty, not missing
    assert (table["Comment_bob"][0], table["Reasons_bob"][0]) == ("", "blend,cosmic_ray")
    assert not table["Comment_bob"].mask[0]
    # ISO times in UTC sort in the order the votes were cast
    first = [table[f"VotedAt_{u}"][2] for u in EXPERTS]
    assert first == sorted(first)
    assert table["Seconds_cora"].unit == "s"
    assert table["Comment_cora"].mask.tolist() == [True, True, False, False, False, False]


def test_gold_flags_and_the_adjudication_are_per_object_columns(client, audited):
    table = _export(client, audited.curator, campaign="M31 audit")
    assert table["IsGold"].tolist() == [True, True, False, False, False, False]
    assert table["GoldClass"].filled(0).tolist() == [1, 1, 0, 0, 0, 0]
    assert table["GoldClass"].mask.tolist() == [False, False, True, True, True, True]
    adjudicated = [False, False, True, True, False, False]
    for name in exports.ADJUDICATION_COLUMNS:
        assert (~table[name].mask).tolist() == adjudicated, name
    assert table["AdjudicatedClass"][2] == 2
    assert table["ConsensusClass"][2] == 2
    assert table["AdjudicatedBy"][3] == "curt"
    assert exports.text_unescape(table["AdjudicationNote"][3]) == NOTE
    decided = audited.campaign.items.get(candidate=audited.candidates[1]).adjudication.decided_at
    assert table["AdjudicatedAt"][2] == decided.astimezone(UTC).isoformat()
    assert "curator decided" in table["AdjudicatedClass"].description


@pytest.mark.parametrize("fmt", ["csv", "votable", "fits"])
def test_every_format_carries_the_new_columns(client, audited, fmt):
    ecsv = _export(client, audited.curator, campaign="M31 audit")
    other = _export(client, audited.curator, fmt, campaign="M31 audit")
    assert other.colnames == ecsv.colnames
    for name in ecsv.colnames:
        assert (other[name].dtype, other[name].unit, other[name].description) == (
            ecsv[name].dtype, ecsv[name].unit, ecsv[name].description,
        ), name  # fmt: skip
        np.testing.assert_array_equal(np.ma.getmaskarray(other[name]), np.ma.getmaskarray(ecsv[name]), name)
        np.testing.assert_array_equal(np.ma.filled(other[name], 0), np.ma.filled(ecsv[name], 0), name)


def test_all_campaigns_show_each_experts_latest_vote_and_no_campaign_columns(client, audited):
    later = Campaign.objects.create(name="M31 second look", votes_needed=3, state="active")
    later.experts.set(audited.experts)
    third = audited.candidates[2]
    CampaignCandidate.objects.create(campaign=later, candidate=third, position=0)
    label_submit(
        campaign=later, candidate=third, expert=audited.experts[0], expert_class=2, reasons=["other"],
        comment="second look: fainter", seconds_spent=9.0,
    )  # fmt: skip
    table = _export(client, audited.curator)
    campaign_columns = {"IsGold", "GoldClass", *exports.ADJUDICATION_COLUMNS, *exports.POSTERIOR_COLUMNS}
    assert not campaign_columns & set(table.colnames)
    rows = np.flatnonzero(table["MatchID"] == third.pk)
    assert table["Vote_ada"][rows].tolist() == [2, 2]
    assert table["Reasons_ada"][rows].tolist() == ["other", "other"]
    assert exports.text_unescape(table["Comment_ada"][rows[0]]) == "second look: fainter"
    assert table["Seconds_ada"][rows].tolist() == [9.0, 9.0]
    assert table["Vote_bob"][rows].tolist() == [4, 4]  # bob voted only in the first campaign


def _queries(filters: ReportFilters) -> int:
    with CaptureQueriesContext(connection) as context:
        labelled_candidates_build(filters)
    return len(context)


def test_queries_do_not_grow_with_objects_or_experts(audited, make_user):
    one_campaign, every_campaign = ReportFilters(campaign="M31 audit"), ReportFilters()
    # the campaign, the filter rows, the votes, the gold and adjudicated objects, and the campaign's votes
    # and their experts' names for the Dawid-Skene fit
    assert _queries(one_campaign) == 6
    assert _queries(every_campaign) == 2
    more_experts = [make_user(name, Role.EXPERT) for name in ("dan", "eve", "fay")]
    audited.campaign.experts.add(*more_experts)
    more = [(4, (1, 1, 2)), (None, (2, 4, 1)), (None, (4, 4, 1)), (None, (1, 1, 1))]
    _add_candidates(audited.campaign, more_experts, more, start=len(OBJECTS))
    table = labelled_candidates_build(one_campaign)
    assert len(table) == 14
    assert "Comment_fay" in table.colnames
    assert _queries(one_campaign) == 6
    assert _queries(every_campaign) == 2
