"""Retraining after N decided labels, through a real Celery worker on Redis: the labels' transactions queue
the check on the `triage` queue, the worker trains, activates and predicts every candidate."""

import pytest

from hcvvet.catalog.models import Candidate
from hcvvet.celery import app
from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.labels import label_submit
from tests.conftest import require_env
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
RETRAIN_EVERY = 3


@pytest.fixture
def through_broker(settings):
    """Tasks this process queues go to Redis, not run in place (the Celery app reads CELERY_* settings)."""
    redis_url = require_env("REDIS_URL")
    keys = ("CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL")
    before = {key: app.conf.get(key) for key in keys}
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=redis_url)
    settings.HCVVET_TRIAGE_RETRAIN_EVERY = RETRAIN_EVERY
    yield redis_url
    app.conf.update(before)


def test_n_new_decided_labels_retrain_activate_and_predict_through_a_worker(
    tiny_catalogue, through_broker, curator, expert
):
    unclassified = list(
        Candidate.objects.filter(has_light_curve=True, hcv_expert_class=0).order_by("pk")[:RETRAIN_EVERY]
    )
    campaign = campaign_create(
        user=curator,
        name="Artifacts the catalogue missed",
        experts=(expert,),
        selection={"match_ids": [c.match_id for c in unclassified]},
        votes_needed=1,
        blind=False,
    )
    campaign = campaign_start(campaign=campaign, user=curator)
    env = {"REDIS_URL": through_broker, "HCVVET_TRIAGE_RETRAIN_EVERY": str(RETRAIN_EVERY)}
    with celery_worker(env=env, concurrency=1):
        for candidate in unclassified[:-1]:
            label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=4)
        assert not TriageModel.objects.exists()
        label_submit(campaign=campaign, candidate=unclassified[-1], expert=expert, expert_class=4)
        model = wait_for(
            lambda: TriageModel.objects.filter(state=ModelState.READY, is_active=True).first(), timeout=120
        )
        with_light_curve = Candidate.objects.filter(has_light_curve=True).count()
        wait_for(lambda: Prediction.objects.filter(model=model).count() == with_light_curve, timeout=60)
    assert model.label_counts["consensus"] == {"1": 0, "2": 0, "4": RETRAIN_EVERY}
    assert model.reason == f"{RETRAIN_EVERY} new decided labels"
    assert TriageModel.objects.count() == 1  # the two earlier checks found too few labels
