"""`manage.py triage predict` on the sandbox's tiny universe: new predictions re-rank the queues of the
campaigns the model orders, as the Celery retraining does, so the next candidate an expert is served
follows them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from hcvvet.accounts.models import Role
from hcvvet.triage.model import TrainingParameters
from hcvvet.triage.models import Prediction
from hcvvet.triage.queue_order import queue_orders_refresh
from hcvvet.triage.services import features_refresh, model_activate, model_train, predictions_refresh
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.models import QueueOrder
from tests.conftest import token_client
from tests.triage.conftest import SMALL

pytestmark = pytest.mark.django_db(transaction=True)


def _served(expert, campaign) -> int:
    response = token_client(expert).post("/api/queues/next/", {"campaign": campaign.pk}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["candidate"]["match_id"]


def test_predict_reranks_the_queue_an_expert_is_served(tiny_catalogue, make_user, curator):
    table = features_refresh()
    model = model_train(table=table, parameters=TrainingParameters(**SMALL), reason="test")
    model = model_activate(model=model, user=None)
    predictions_refresh(model=model, table=table)
    # candidates whose P(artifact) all differ, so that one order of them is the only right one
    p_artifact: dict[int, float] = {}
    for match_id, p in (
        Prediction.objects.filter(model=model)
        .order_by("p_artifact", "candidate_id")
        .values_list("candidate_id", "p_artifact")
    ):
        if p not in p_artifact.values():
            p_artifact[match_id] = p
    assert len(p_artifact) >= 3
    annie, bert = make_user("annie", Role.EXPERT), make_user("bert", Role.EXPERT)
    campaign = campaign_create(
        user=curator,
        name="artifacts first",
        experts=(annie, bert),
        selection={"match_ids": sorted(p_artifact)},
        order=QueueOrder.ARTIFACT_FIRST,
        audit_share=0,
        votes_needed=2,
    )
    campaign = campaign_start(campaign=campaign, user=curator)
    # stale predictions that say the opposite, and the queue ranked by them
    Prediction.objects.filter(model=model).update(p_artifact=1 - F("p_artifact"))
    queue_orders_refresh()
    least_artifact = min(p_artifact, key=p_artifact.__getitem__)
    assert _served(annie, campaign) == least_artifact

    out = StringIO()
    call_command("triage", "predict", stdout=out)

    # bert is served the most likely artifact; annie keeps the candidate she holds
    most_artifact = max(p_artifact, key=p_artifact.__getitem__)
    assert _served(bert, campaign) == most_artifact
    assert _served(annie, campaign) == least_artifact
    assert "queues of 1 model-ordered campaigns re-ranked" in out.getvalue()
