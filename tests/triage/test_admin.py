"""The triage admin as a curator uses it: model versions with their metrics, activate one, roll back; the
shown-prediction records, read-only, under the blind rules of the vetting admin."""

import pytest
from django.utils import timezone

from hcvvet.accounts.models import Role
from hcvvet.triage.models import ModelState, Shown, ShownPrediction, TriageModel
from hcvvet.vetting.labels import label_submit
from tests.factories import CandidateFactory
from tests.triage.predictions import active_model
from tests.vetting.campaign_helpers import active_campaign

pytestmark = pytest.mark.django_db

MODELS = "/admin/triage/triagemodel/"
CATALOGUE_ONLY = {"catalogue": {"1": 30, "2": 20, "4": 12}, "consensus": {}, "adjudicated": {}}


def _model(**fields) -> TriageModel:
    return TriageModel.objects.create(
        state=ModelState.READY, feature_set_version="2", brier=0.1, label_counts=CATALOGUE_ONLY, **fields
    )


def test_curators_see_the_metrics_activate_a_model_and_roll_back(client, curator):
    older = _model(roc_auc=0.8712, activated_at=timezone.now())
    newer = _model(roc_auc=0.9134, is_active=True, activated_at=timezone.now())
    client.force_login(curator)
    listing = client.get(MODELS)
    assert listing.status_code == 200
    assert b"0.8712" in listing.content
    assert b"0.9134" in listing.content
    detail = client.get(f"{MODELS}{older.pk}/change/")
    assert detail.status_code == 200
    assert b"0.8712" in detail.content

    client.post(MODELS, {"action": "activate", "_selected_action": [older.pk]})
    assert TriageModel.objects.get(is_active=True) == older
    client.post(MODELS, {"action": "roll_back", "_selected_action": [older.pk]})
    assert TriageModel.objects.get(is_active=True) == newer


def test_a_failed_model_is_never_activated(client, curator):
    active = _model(roc_auc=0.9, is_active=True, activated_at=timezone.now())
    failed = TriageModel.objects.create(state=ModelState.FAILED, feature_set_version="2", error="too few")
    client.force_login(curator)
    response = client.post(MODELS, {"action": "activate", "_selected_action": [failed.pk]}, follow=True)
    assert b"only a ready model serves" in response.content
    assert TriageModel.objects.get(is_active=True) == active


def test_experts_do_not_reach_the_models_admin(client, expert):
    client.force_login(expert)
    assert client.get(MODELS).status_code in (302, 403)


RECORDS = "/admin/triage/shownprediction/"


@pytest.fixture
def records(make_user, curator):
    """A blind campaign over two unclassified candidates in which curator cora and expert bert vote, and the
    shown-prediction records of three labels: bert's of the first candidate (shown before his vote), cora's
    of the second (nothing shown: the model's prediction kept for the anchoring report), and a label of
    another campaign's expert. Curator olga votes in nothing."""
    bert = make_user("bert", Role.EXPERT)
    olga = make_user("olga", Role.CURATOR, Role.EXPERT)
    model = active_model()
    first, second = (CandidateFactory(match_id=700 + n, auto_class=0) for n in range(2))
    blind = active_campaign(experts=[curator, bert], candidates=[first, second], name="blind shown")
    other = active_campaign(experts=[bert], candidates=[second], blind=False, name="open shown")
    made = {}
    for key, campaign, candidate, expert, shown, probabilities in (
        ("bert_record", blind, first, bert, Shown.BEFORE, (0.1875, 0.3125, 0.5)),
        ("cora_record", blind, second, curator, Shown.NONE, (0.6875, 0.0625, 0.25)),
        ("open", other, second, bert, Shown.AFTER, (0.6875, 0.0625, 0.25)),
    ):
        label = label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=2)
        p1, p2, p4 = probabilities
        made[key] = ShownPrediction.objects.create(
            label=label,
            display="before",
            shown=shown,
            model=model,
            model_version=model.pk,
            p_high_confidence=p1,
            p_probable=p2,
            p_artifact=p4,
            expert_class=2,
            recorded_at=timezone.now(),
        )
    return {"olga": olga, "cora": curator, "bert": bert, "blind": blind, "model": model, **made}


def test_curators_read_every_shown_prediction_record_filtered_by_campaign_and_model(client, records):
    client.force_login(records["olga"])
    listing = client.get(RECORDS)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert page.count("P(4) 0.500") == 1  # bert's, shown before his vote
    assert page.count("P(4) 0.250") == 2  # cora's (not shown to her) and bert's in the open campaign
    assert "bert" in page
    assert "cora" in page
    narrowed = client.get(RECORDS, {"label__campaign__id__exact": records["blind"].pk}).content.decode()
    assert "P(4) 0.500" in narrowed
    assert narrowed.count("P(4) 0.250") == 1
    assert client.get(RECORDS, {"model_version": records["model"].pk}).content.decode().count("P(4)") == 3
    detail = client.get(f"{RECORDS}{records['bert_record'].pk}/change/")
    assert detail.status_code == 200
    assert "P(1) 0.188, P(2) 0.312, P(4) 0.500" in detail.content.decode()
    assert b'name="_save"' not in detail.content  # read-only
    assert client.post(f"{RECORDS}{records['bert_record'].pk}/delete/").status_code == 403


def test_a_curator_who_votes_sees_no_record_of_what_waits_for_her_vote(client, records):
    client.force_login(records["cora"])
    page = client.get(RECORDS).content.decode()
    # bert's vote on the first candidate, which waits for hers, is not listed; her own record is, without
    # the prediction she was not shown; bert's vote in the open campaign on the candidate she voted on is
    assert "P(4) 0.500" not in page
    assert page.count("P(4) 0.250") == 1
    assert "not shown to the expert" in page
    assert client.get(f"{RECORDS}{records['bert_record'].pk}/change/").status_code == 302  # "doesn't exist"
    detail = client.get(f"{RECORDS}{records['cora_record'].pk}/change/").content.decode()
    assert "not shown to the expert" in detail
    assert "0.688" not in detail


def test_experts_do_not_reach_the_records(client, records):
    client.force_login(records["bert"])
    assert client.get(RECORDS).status_code in (302, 403)
