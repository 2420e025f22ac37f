"""Retraining after new decided labels: a decided campaign item (consensus or adjudication) queues
`retrain_if_due` once its transaction commits; the task decides whether enough labels came in."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from hcvvet.vetting.models import CampaignCandidate

from .tasks import retrain_if_due


@receiver(post_save, sender=CampaignCandidate, dispatch_uid="triage_retrain_on_decision")
def queue_retrain_check(sender, instance: CampaignCandidate, update_fields=None, **kwargs) -> None:
    if int(getattr(settings, "HCVVET_TRIAGE_RETRAIN_EVERY", 0)) <= 0:
        return
    if instance.is_gold or instance.decided_at is None:
        return
    if update_fields is not None and "decided_at" not in update_fields:
        return
    transaction.on_commit(retrain_if_due.delay)
