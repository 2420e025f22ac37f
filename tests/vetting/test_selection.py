"""The Selection value: parsed and validated once, stored as JSON, described in words, and queried."""

import pytest

from hcvvet.catalog.models import FilterStat
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.errors import InvalidInput
from hcvvet.vetting.selection import Selection
from tests.conftest import token_client
from tests.factories import CandidateFactory, GroupFactory


def test_parse_normalises_and_to_json_round_trips():
    selection = Selection.parse(
        {"group_ids": [3, 1, 3], "filters": ["acs_f814w"], "var_qual_flag": "a_", "mad_min": 1, "live": False}
    )
    stored = selection.to_json()
    assert stored == {
        "group_ids": [1, 3],
        "filters": ["ACS_F814W"],
        "mad_min": 1.0,
        "var_qual_flag": "A?",
        "live": False,
    }
    assert Selection.from_json(stored) == selection
    assert Selection.parse(stored) == selection


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ([1, 2], "selection"),
        ({"filters": ["F814W"]}, "filters"),
        ({"group_ids": "1"}, "group_ids"),
        ({"mag_min": 24, "mag_max": 20}, "mag_min"),
        ({"live": "yes"}, "live"),
        ({"gold_count": -1}, "gold_count"),
    ],
)
def test_parse_names_the_bad_field(raw, field):
    with pytest.raises(InvalidInput) as error:
        Selection.parse(raw)
    assert error.value.field == field


def test_describe_says_what_the_selection_picks():
    text = Selection.parse(
        {"group_ids": [69810], "auto_class": [1, 2], "filters": ["ACS_F814W"], "mad_min": 0.1, "live": True}
    ).describe()
    assert text == (
        "GroupID 69810; AutoClass 1, 2; filter ACS_F814W; MAD >= 0.1 mag; new candidates join as ingested"
    )
    assert Selection().describe() == "every candidate"


def test_explicit_lists_and_adding_match_ids():
    listed = Selection.parse({"match_ids": [5], "gold_count": 2})
    assert listed.is_explicit_list
    assert not Selection.parse({"match_ids": [5], "auto_class": [1]}).is_explicit_list
    assert listed.with_match_ids([7, 5]).to_json() == {"match_ids": [5, 7], "gold_count": 2}


@pytest.mark.django_db
def test_an_empty_filter_list_selects_nothing_and_an_absent_one_everything():
    CandidateFactory()
    assert Selection.parse({"filters": []}).candidates().count() == 0
    assert Selection.parse({}).candidates().count() == 1


@pytest.fixture
def flagged(db):
    """Candidates whose single F814W row carries various VarQualFlags."""
    group = GroupFactory(group_id=5)
    stars = {}
    for flag in ("AAAAA", "ABAAA", "BAAAA", "AACAB", "-----", "A-A--"):
        star = CandidateFactory(group=group)
        FilterStat.objects.create(
            candidate=star, filter="ACS_F814W", filter_det_flag=1, var_qual_flag=flag, num_lc=10, mad=0.1
        )
        stars[flag] = star.pk
    return stars


@pytest.mark.parametrize("pattern", ["A", "a_a", "A?C", "-", "??A", "A-", "AAAAA"])
def test_api_filter_and_campaign_selection_pick_the_same_candidates(flagged, curator, viewer, pattern):
    response = token_client(viewer).get("/api/candidates/", {"var_qual_flag": pattern, "filter": "acs_f814w"})
    assert response.status_code == 200, response.content
    by_api = {row["match_id"] for row in response.json()["results"]}
    campaign = campaign_create(
        user=curator, name=f"flags {pattern}", selection={"var_qual_flag": pattern, "filters": ["acs_f814w"]}
    )
    by_selection = set(Selection.of(campaign).candidates().values_list("pk", flat=True))
    assert by_api == by_selection
    assert by_api  # every pattern here matches something, so the comparison is not vacuous


@pytest.mark.parametrize(("pattern", "name"), [("AZ", "ACS_F814W"), ("A*", "ACS_F814W"), ("A", "F814W")])
def test_api_filter_and_campaign_selection_refuse_the_same_input(flagged, curator, viewer, pattern, name):
    response = token_client(viewer).get("/api/candidates/", {"var_qual_flag": pattern, "filter": name})
    assert response.status_code == 400
    with pytest.raises(InvalidInput):
        campaign_create(user=curator, name="bad", selection={"var_qual_flag": pattern, "filters": [name]})
