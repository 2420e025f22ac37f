"""When the model retrains on new labels: beat runs `tasks.retrain_if_due` every few minutes
(CELERY_BEAT_SCHEDULE), which asks `retrain_reason`. Counting decided labels on a schedule replaces a
receiver on vetting's saves: no signal crosses the apps, and a burst of labels costs one count, not one task
each.

Due when HCVVET_TRIAGE_RETRAIN_EVERY (> 0) decided labels came in since the latest model read its labels
(`services.retrain_due`), or when an active campaign's `retrain_after` decided labels of its own did.
"""

from django.db.models import Q

from hcvvet.vetting.models import Campaign, CampaignState

from .models import ModelState, TriageModel
from .services import retrain_due
from .training_set import decided_items


def _labels_since():
    """The moment the latest model (whatever became of it) read its labels; None before any model."""
    latest = TriageModel.objects.order_by("-id").first()
    return None if latest is None else latest.labels_through or latest.created_at


def campaign_retrain_reason() -> str:
    """The first active campaign whose `retrain_after` decided labels came in since the latest model, as the
    reason to retrain ("" when none)."""
    if TriageModel.objects.filter(state=ModelState.TRAINING).exists():
        return ""
    since = _labels_since()
    campaigns = Campaign.objects.filter(state=CampaignState.ACTIVE, retrain_after__isnull=False).order_by(
        "pk"
    )
    for campaign in campaigns:
        decided = decided_items().filter(campaign=campaign)
        if since is not None:
            decided = decided.filter(Q(decided_at__gt=since))
        if campaign.retrain_after is not None and decided.count() >= campaign.retrain_after:
            return f"{campaign.retrain_after} new decided labels in campaign {campaign.pk}"
    return ""


def retrain_reason(every: int) -> str:
    """Why to retrain now ("" when not due): the site's HCVVET_TRIAGE_RETRAIN_EVERY (`every`) or a
    campaign's `retrain_after`."""
    if retrain_due():
        return f"{every} new decided labels"
    return campaign_retrain_reason()
