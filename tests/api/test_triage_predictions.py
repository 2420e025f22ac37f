"""`GET /api/triage/predictions/`: every candidate's current prediction, filtered and ordered, under the blind
rule of the per-candidate view: a blind voter learns from the rows, the filters, the ordering and the pages
nothing that `/api/triage/predictions/{match_id}/` hides from them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.triage.models import ModelState, TriageModel
from hcvvet.vetting.campaigns import campaign_create
from hcvvet.vetting.labels import label_submit
from tests.conftest import token_client
from tests.factories import CandidateFactory, GroupFactory
from tests.triage.predictions import active_model, predict
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db

LIST = "/api/triage/predictions/"
# (hcv_expert_class, (P1, P2, P4)): exactly representable, P(artifact) all different. The catalogue
# classified "low" and "high": a model may have learned from their classes, which blind review hides.
FIELD = {
    "mid": (0, (0.125, 0.25, 0.625)),
    "low": (4, (0.5, 0.375, 0.125)),
    "high": (1, (0.0625, 0.0625, 0.875)),
    "even": (0, (0.25, 0.5, 0.25)),
}


@pytest.fixture
def field(make_user, curator):
    """Four candidates outside the default queue (AutoClass 0) in group 77, in MatchID order mid, low, high,
    even, predicted by the active model; a blind campaign over them in which annie and bert vote."""
    annie = make_user("annie", Role.EXPERT)
    bert = make_user("bert", Role.EXPERT)
    group = GroupFactory(group_id=77)
    model = active_model()
    candidates = {}
    for n, (key, (hcv_class, probabilities)) in enumerate(FIELD.items()):
        candidate = CandidateFactory(match_id=500 + n, group=group, auto_class=0, hcv_expert_class=hcv_class)
        predict(candidate, model, probabilities, reasons=(f"reason of {key}",))
        candidates[key] = candidate
    campaign = active_campaign(
        experts=[annie, bert], candidates=list(candidates.values()), votes_needed=2, name="blind triage"
    )
    return {"annie": annie, "curator": curator, "model": model, "campaign": campaign, **candidates}


def _rows(user, **params) -> list[dict]:
    response = token_client(user).get(LIST, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _ids(user, **params) -> list[int]:
    return [row["match_id"] for row in _rows(user, **params)]


def _key(field, match_id: int) -> str:
    return next(key for key in FIELD if field[key].pk == match_id)


def _keys(field, user, **params) -> list[str]:
    return [_key(field, m) for m in _ids(user, **params)]


def test_each_row_is_what_the_per_candidate_view_gives_its_viewer(field):
    for user in (field["annie"], field["curator"]):
        client = token_client(user)
        rows = _rows(user)
        assert [row["match_id"] for row in rows] == sorted(field[key].pk for key in FIELD)
        for row in rows:
            one = client.get(f"{LIST}{row['match_id']}/").json()
            assert row == one
    annie = {_key(field, row["match_id"]): row for row in _rows(field["annie"])}
    assert annie["low"] == {"match_id": field["low"].pk, "hidden": True, "prediction": None}
    assert annie["high"] == {"match_id": field["high"].pk, "hidden": True, "prediction": None}
    assert annie["mid"]["prediction"]["probabilities"] == {"1": 0.125, "2": 0.25, "4": 0.625}
    curator = {_key(field, row["match_id"]): row for row in _rows(field["curator"])}
    assert curator["high"]["prediction"]["probabilities"]["4"] == 0.875
    assert curator["high"]["prediction"]["reasons"][0]["text"] == "reason of high"


def test_a_withheld_prediction_matches_no_filter_on_what_it_hides(field):
    annie, curator = field["annie"], field["curator"]
    model = field["model"].pk
    assert _keys(field, curator, p_artifact_min=0.8) == ["high"]
    assert _keys(field, annie, p_artifact_min=0.8) == []
    assert _keys(field, curator, p_artifact_max=0.2) == ["low"]
    assert _keys(field, annie, p_artifact_max=0.2) == []
    assert _keys(field, curator, model_class=1) == ["low"]
    assert _keys(field, annie, model_class=1) == []
    assert _keys(field, curator, model_class=[4, 2]) == ["mid", "high", "even"]
    assert _keys(field, annie, model_class=[4, 2]) == ["mid", "even"]
    assert _keys(field, curator, model=model) == ["mid", "low", "high", "even"]
    assert _keys(field, annie, model=model) == ["mid", "even"]
    # where the candidate is, not what the model says, filters every row alike
    assert _keys(field, annie, group=77, campaign=field["campaign"].pk) == ["mid", "low", "high", "even"]
    assert _keys(field, annie, group=78) == []
    # a campaign selected by the catalogue's class would tell it: annie does not label in this one
    artifacts = campaign_create(
        user=curator, name="catalogue artifacts", selection={"hcv_expert_class": [4], "live": True}
    )
    assert _keys(field, curator, campaign=artifacts.pk) == ["low"]
    assert _keys(field, annie, campaign=artifacts.pk) == []

    # once annie voted on "high", its prediction is hers to see, and to filter on
    label_submit(campaign=field["campaign"], candidate=field["high"], expert=annie, expert_class=4)
    assert _keys(field, annie, p_artifact_min=0.8) == ["high"]


@pytest.mark.parametrize(
    ("ordering", "for_curator", "for_annie"),
    [
        ("-p_artifact", ["high", "mid", "even", "low"], ["mid", "even", "low", "high"]),
        ("p_artifact", ["low", "even", "mid", "high"], ["even", "mid", "low", "high"]),
        # P(1 - P): mid 0.234, even 0.1875, low 0.109, high 0.109 (then by MatchID)
        ("-uncertainty", ["mid", "even", "low", "high"], ["mid", "even", "low", "high"]),
        ("uncertainty", ["low", "high", "even", "mid"], ["even", "mid", "low", "high"]),
        ("-match_id", ["even", "high", "low", "mid"], ["even", "high", "low", "mid"]),
    ],
)
def test_orderings_put_withheld_predictions_last_by_matchid_on_every_page(
    field, ordering, for_curator, for_annie
):
    assert _keys(field, field["curator"], ordering=ordering) == for_curator
    assert _keys(field, field["annie"], ordering=ordering) == for_annie
    # walked one row a page, the cursor keeps that order and gives each row once
    client = token_client(field["annie"])
    url, walked = f"{LIST}?ordering={ordering}&page_size=1", []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        walked += [_key(field, row["match_id"]) for row in page.json()["results"]]
        url = page.json()["next"]
    assert walked == for_annie


def test_until_the_active_models_predictions_are_in_the_latest_model_speaks(field):
    later = TriageModel.objects.create(
        state=ModelState.READY, feature_set_version="test", labels_through=timezone.now()
    )
    predict(field["mid"], later, (0.75, 0.125, 0.125))
    rows = {_key(field, row["match_id"]): row for row in _rows(field["curator"])}
    assert len(rows) == 4
    assert rows["mid"]["prediction"]["model"] == field["model"].pk  # the active model's
    TriageModel.objects.filter(pk=field["model"].pk).update(is_active=False)
    rows = {_key(field, row["match_id"]): row for row in _rows(field["curator"])}
    assert rows["mid"]["prediction"]["model"] == later.pk
    assert rows["low"]["prediction"]["model"] == field["model"].pk


@pytest.mark.parametrize(
    ("params", "field_name"),
    [
        ({"p_artifact_min": "1.5"}, "p_artifact_min"),
        ({"p_artifact_max": "much"}, "p_artifact_max"),
        ({"p_artifact_min": "0.9", "p_artifact_max": "0.1"}, "p_artifact_max"),
        ({"model_class": "3"}, "model_class"),
        ({"model": "1.5"}, "model"),
        ({"group": "-1"}, "group"),
        ({"campaign": "999999"}, "campaign"),
        ({"campaign": "x"}, "campaign"),
        ({"ordering": "reasons"}, "ordering"),
        ({"ordering": "p_artifact,match_id"}, "ordering"),
        ({"cursor": "cD1hYmM="}, "cursor"),  # position "abc"
        ({"cursor": "cD1hYmM=", "ordering": "-p_artifact"}, "cursor"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_field(field, params, field_name):
    response = token_client(field["annie"]).get(LIST, params)
    assert response.status_code == 400, response.content
    assert field_name in response.json()


def test_readers_only_and_queries_do_not_grow_with_the_rows(field, django_assert_max_num_queries):
    assert token_client(None).get(LIST).status_code == 401
    client = token_client(field["annie"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(LIST, {"ordering": "-uncertainty"}).status_code == 200
    for n in range(20):
        predict(CandidateFactory(match_id=900 + n, auto_class=0), field["model"], (0.25, 0.25, 0.5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"ordering": "-uncertainty"})
    assert len(response.json()["results"]) == 24


def test_the_list_is_in_the_schema_with_its_filters(field):
    schema = token_client(field["curator"]).get("/api/schema/?format=json").json()
    parameters = {p["name"] for p in schema["paths"][LIST]["get"]["parameters"]}
    assert {"model", "p_artifact_min", "p_artifact_max", "model_class", "group", "campaign"} <= parameters
    assert {"ordering", "cursor", "page_size"} <= parameters


def _one(user, candidate) -> tuple[dict, int]:
    """`user`'s answer of the per-candidate view on `candidate`, and the queries it took (the client's first
    reads done before)."""
    client = token_client(user)
    url = f"{LIST}{candidate.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json(), len(queries.captured_queries)


def test_the_per_candidate_view_asks_the_blind_rule_only_of_a_candidate_with_a_class(field):
    """The review page's shortcut (`selectors.may_rest_on_hidden_class`): a candidate without a class, the
    catalogue's or hcvvet's, has no prediction to withhold."""
    annie = field["annie"]  # her vote is awaited on "mid" (no class) and "low" (the catalogue's class 4)
    mid, mid_queries = _one(annie, field["mid"])
    assert (mid["hidden"], mid["prediction"]["probabilities"]) == (False, {"1": 0.125, "2": 0.25, "4": 0.625})
    low, low_queries = _one(annie, field["low"])
    assert (low["hidden"], low["prediction"]) == (True, None)
    curators_mid, curator_queries = _one(field["curator"], field["mid"])
    assert curators_mid == mid
    assert mid_queries == curator_queries < low_queries
