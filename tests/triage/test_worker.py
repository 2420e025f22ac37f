"""Retraining after N decided labels through real processes: Celery beat sends `retrain_if_due` on its
schedule (CELERY_BEAT_SCHEDULE, every HCVVET_TRIAGE_CHECK_MINUTES), a real worker on the `triage` queue
counts the decided labels and trains, activates and predicts every candidate. Saving a label queues
nothing: the schedule, not a signal across apps, notices the labels."""

import os
import tempfile
from pathlib import Path

import pytest

from hcvvet.catalog.models import Candidate
from hcvvet.celery import app
from hcvvet.triage.models import ModelState, Prediction, TriageModel
from hcvvet.vetting.campaigns import campaign_create, campaign_start
from hcvvet.vetting.labels import label_submit
from tests.worker import celery_beat, celery_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
RETRAIN_AFTER = 3
CHECK_MINUTES = "0.02"  # beat sends the check every 1.2 s


def test_beat_retrains_after_a_campaigns_n_decided_labels_through_a_worker(
    tiny_catalogue, via_broker, curator, expert
):
    unclassified = list(
        Candidate.objects.filter(has_light_curve=True, hcv_expert_class=0).order_by("pk")[:RETRAIN_AFTER]
    )
    campaign = campaign_create(
        user=curator,
        name="Artifacts the catalogue missed",
        experts=(expert,),
        selection={"match_ids": [c.match_id for c in unclassified]},
        votes_needed=1,
        blind=False,
        retrain_after=RETRAIN_AFTER,
    )
    campaign = campaign_start(campaign=campaign, user=curator)
    # The site-wide count is off: the campaign's own setting is what triggers the retraining.
    env = {
        "REDIS_URL": via_broker,
        "HCVVET_TRIAGE_RETRAIN_EVERY": "0",
        "HCVVET_TRIAGE_CHECK_MINUTES": CHECK_MINUTES,
    }
    with celery_worker(env=env, concurrency=1, queues=("triage",)), celery_beat(env=env):
        for candidate in unclassified[:-1]:
            label_submit(campaign=campaign, candidate=candidate, expert=expert, expert_class=4)
        # the worker ran checks (and found too few labels) before the last one
        done = _checks_done()
        wait_for(lambda: _checks_done() >= done + 2, timeout=60)
        assert not TriageModel.objects.exists()
        label_submit(campaign=campaign, candidate=unclassified[-1], expert=expert, expert_class=4)
        model = wait_for(
            lambda: TriageModel.objects.filter(state=ModelState.READY, is_active=True).first(), timeout=180
        )
        with_light_curve = Candidate.objects.filter(has_light_curve=True).count()
        wait_for(lambda: Prediction.objects.filter(model=model).count() == with_light_curve, timeout=60)
    assert model.label_counts["consensus"] == {"1": 0, "2": 0, "4": RETRAIN_AFTER}
    assert model.reason == f"{RETRAIN_AFTER} new decided labels in campaign {campaign.pk}"
    assert TriageModel.objects.count() == 1  # the earlier checks found too few labels


def _checks_done() -> int:
    """How many `retrain_if_due` runs this test's worker finished, from its log (`tests/worker.py` names it
    after this process and its queue)."""
    log = Path(tempfile.gettempdir()) / f"hcvvet-worker-{os.getpid()}-triage.log"
    text = log.read_text() if log.exists() else ""
    return sum(
        1
        for line in text.splitlines()
        if "hcvvet.triage.tasks.retrain_if_due[" in line and "succeeded" in line
    )


def test_the_schedule_routes_the_checks_and_the_nightly_retraining_to_the_triage_queue():
    schedule = app.conf.beat_schedule
    tasks = {entry["task"] for entry in schedule.values()}
    assert {"hcvvet.triage.tasks.retrain_if_due", "hcvvet.triage.tasks.retrain"} <= tasks
    for name in ("hcvvet.triage.tasks.retrain_if_due", "hcvvet.triage.tasks.retrain"):
        assert app.amqp.router.route({}, name)["queue"].name == "triage"
