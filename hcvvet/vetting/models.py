"""Vetting: campaigns, experts' labels with their append-only history, consensus, adjudication, flags."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hcvvet.accounts.fields import account_reference
from hcvvet.catalog.models import Candidate, ExpertClass, Image, Measurement


class ReasonCode(models.TextChoices):
    COSMIC_RAY = "cosmic_ray", "cosmic ray"
    DIFFRACTION_SPIKE = "diffraction_spike", "diffraction spike"
    BLEND = "blend", "blend"
    CHIP_EDGE = "chip_edge", "chip edge"
    SATURATION = "saturation", "saturation"
    BAD_IMAGE = "bad_image", "bad image"
    OTHER = "other", "other"


class ConsensusRule(models.TextChoices):
    UNANIMOUS = "unanimous", "unanimous"
    MAJORITY = "majority", "majority of N"
    FIRST_K = "first_k", "first K in agreement"
    POSTERIOR = "posterior", "Dawid-Skene posterior above p"


class QueueOrder(models.TextChoices):
    MAD = "mad", "highest MAD first"
    RANDOM = "random", "random"
    STRATIFIED = "stratified", "stratified random over MAD and magnitude"
    DISAGREEMENT = "disagreement", "disagreement first"
    UNCERTAINTY = "uncertainty", "uncertainty first (the model), with a random audit share"
    ARTIFACT_FIRST = "artifact_first", "model says artifact, confirm (highest P(artifact) first)"
    UNCERTAINTY_SAMPLED = (
        "uncertainty_sampled",
        "uncertainty first, sampled (unbiased catalogue estimate)",
    )


# Orders ranked by the triage model's predictions (`campaign_reorder`).
MODEL_ORDERS = (QueueOrder.UNCERTAINTY, QueueOrder.ARTIFACT_FIRST, QueueOrder.UNCERTAINTY_SAMPLED)
# Model-ranked orders with an audit sample: `audit_share` of the queue drawn at random within strata of MAD
# and magnitude when the campaign starts, which keeps the statistics unbiased. The sampled order needs none:
# every candidate keeps a known, positive chance of being served early (`vetting.campaigns.sampling_uniforms`,
# `triage.ppi.sampling_weights`).
AUDITED_ORDERS = (QueueOrder.UNCERTAINTY, QueueOrder.ARTIFACT_FIRST)


class ModelDisplay(models.TextChoices):
    NEVER = "never", "never"
    AFTER = "after", "after the expert's vote"
    BEFORE = "before", "before the vote"


class CampaignState(models.TextChoices):
    DRAFT = "draft", "draft"
    ACTIVE = "active", "active"
    CLOSED = "closed", "closed"


class Campaign(models.Model):
    """A named, frozen selection of candidates labelled by a set of experts under a consensus rule.

    `selection` holds the filters a curator chose (groups, AutoClass, filters, MAD and magnitude ranges,
    VarQualFlag pattern, catalogue ExpertClass, MatchIDs); it is frozen into `CampaignCandidate` rows on
    start. The default campaign (`is_default`) is every expert's open queue of AutoClass > 0 candidates.
    """

    # What a curator chooses for a campaign (the rest is state); services, admin and API share this list.
    SETTINGS = (
        "name",
        "description",
        "selection",
        "experts",
        "votes_needed",
        "blind",
        "rule",
        "rule_k",
        "rule_posterior",
        "order",
        "seed",
        "audit_share",
        "model_display",
        "retire_confidence",
        "retrain_after",
    )

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    selection = models.JSONField(default=dict, blank=True)
    experts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="campaigns", blank=True)
    votes_needed = models.PositiveSmallIntegerField(default=1)
    blind = models.BooleanField(default=True)
    rule = models.CharField(max_length=16, choices=ConsensusRule.choices, default=ConsensusRule.MAJORITY)
    rule_k = models.PositiveSmallIntegerField(
        default=2, help_text="K for 'first K in agreement'; ignored by the other rules."
    )
    rule_posterior = models.FloatField(
        null=True,
        blank=True,
        help_text="p for 'Dawid-Skene posterior above p' (above 0.5, below 1): an item whose votes are in "
        "agrees on the class whose posterior reaches p; ignored by the other rules.",
    )
    order = models.CharField(max_length=24, choices=QueueOrder.choices, default=QueueOrder.MAD)
    seed = models.IntegerField(default=0, help_text="Seed of random and stratified orders.")
    audit_share = models.FloatField(
        default=0.1,
        help_text="Model-ranked orders: the share of the queue drawn at random within strata of MAD and "
        "magnitude (the audit sample that keeps every statistic unbiased), spread evenly through the queue. "
        "Uncertainty first, sampled: the share of every candidate's chance of being served that is uniform "
        "(above 0).",
    )
    model_display = models.CharField(
        max_length=8,
        choices=ModelDisplay.choices,
        default=ModelDisplay.NEVER,
        help_text="When the review page shows the triage model's prediction.",
    )
    retire_confidence = models.FloatField(
        null=True,
        blank=True,
        help_text="Retire a candidate without votes when the model gives one class at least this "
        "probability (empty: never). Retired candidates leave the queue and get no expert class; audit and "
        "gold candidates are never retired.",
    )
    retrain_after = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Retrain the triage model after this many new decided labels of this campaign (empty: "
        "the site's setting alone).",
    )
    sampling_model = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Uncertainty first, sampled: the triage model version that ranked the queue, once and for "
        "good (a retraining does not rank it again), so that every label keeps the inclusion probability it "
        "was drawn with and the catalogue estimate stays unbiased.",
    )
    sampling_uniform_served = models.PositiveIntegerField(
        default=0,
        help_text="Uncertainty first, sampled: the candidates served before the model ranked the queue, in "
        "its starting order (a uniform random one), which the catalogue estimate's probabilities count.",
    )
    state = models.CharField(max_length=8, choices=CampaignState.choices, default=CampaignState.DRAFT)
    is_default = models.BooleanField(default=False)
    created_by = account_reference()
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints = (
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_campaign"
            ),
            models.CheckConstraint(condition=Q(votes_needed__gte=1), name="campaign_votes_needed_positive"),
            models.CheckConstraint(
                condition=Q(audit_share__gte=0) & Q(audit_share__lte=1), name="campaign_audit_share_valid"
            ),
            models.CheckConstraint(
                condition=Q(retire_confidence__isnull=True)
                | (Q(retire_confidence__gt=0.5) & Q(retire_confidence__lte=1)),
                name="campaign_retire_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(rule_posterior__isnull=True)
                | (Q(rule_posterior__gt=0.5) & Q(rule_posterior__lt=1)),
                name="campaign_rule_posterior_valid",
            ),
        )

    def __str__(self) -> str:
        return self.name


class ConsensusState(models.TextChoices):
    OPEN = "open", "collecting votes"
    AGREED = "agreed", "consensus"
    DISPUTED = "disputed", "needs adjudication"
    ADJUDICATED = "adjudicated", "adjudicated"
    RETIRED = "retired", "retired by the model (no expert class)"


class CampaignCandidate(models.Model):
    """A candidate frozen into a campaign, with its queue position, lease and consensus."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="campaign_items")
    position = models.IntegerField(help_text="Queue order within the campaign (0 first).")
    is_gold = models.BooleanField(
        default=False, help_text="Known answer; measures accuracy, never consensus."
    )
    gold_class = models.SmallIntegerField(choices=ExpertClass.choices, null=True, blank=True)
    vote_count = models.PositiveSmallIntegerField(default=0)
    consensus = models.CharField(max_length=12, choices=ConsensusState.choices, default=ConsensusState.OPEN)
    consensus_class = models.SmallIntegerField(choices=ExpertClass.choices, null=True, blank=True)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When the consensus or adjudication last produced a class."
    )
    stratum = models.CharField(max_length=32, blank=True)
    in_audit = models.BooleanField(
        default=False,
        help_text="In the random audit sample of a model-ranked order: never retired, never reordered.",
    )
    priority = models.FloatField(
        null=True,
        blank=True,
        help_text="The model's score that ranks the item (model-ranked orders). Uncertainty first, sampled: "
        "its inclusion weight w over its stable uniform u, so that w = priority x u.",
    )
    sampling_p_artifact = models.FloatField(
        null=True,
        blank=True,
        help_text="Uncertainty first, sampled: P(artifact) of the model that ranked the item, the prediction "
        "the catalogue estimate corrects with the labels.",
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_model = models.PositiveIntegerField(
        null=True, blank=True, help_text="The triage model version that retired the item."
    )
    retired_class = models.SmallIntegerField(
        choices=ExpertClass.choices,
        null=True,
        blank=True,
        help_text="The model's class when it retired the item: a model estimate, never an expert class.",
    )
    retired_probability = models.FloatField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["campaign_id", "position"]
        constraints = (
            models.UniqueConstraint(fields=["campaign", "candidate"], name="campaign_candidate_unique"),
            models.CheckConstraint(
                condition=Q(consensus="retired", is_gold=False, in_audit=False, consensus_class=None)
                | ~Q(consensus="retired"),
                name="retired_item_is_no_label",
            ),
        )
        indexes = (
            models.Index(fields=["campaign", "consensus", "position"], name="campaign_queue"),
            models.Index(fields=["campaign", "position"], name="campaign_position"),
        )

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.candidate_id}"


class Lease(models.Model):
    """An expert's hold on one vote of a campaign candidate while the page is open; expires if abandoned.

    A candidate is served only while its votes plus the other experts' live leases are fewer than it needs, so
    two experts are never served the same last-needed vote.
    """

    item = models.ForeignKey(CampaignCandidate, on_delete=models.CASCADE, related_name="leases")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()

    class Meta:
        constraints = (models.UniqueConstraint(fields=["item", "expert"], name="lease_one_per_expert"),)
        indexes = (models.Index(fields=["expert", "expires_at"], name="lease_expert"),)

    def __str__(self) -> str:
        return f"{self.item} leased to {self.expert_id} until {self.expires_at}"


class Label(models.Model):
    """One expert's current ExpertClass for a candidate in a campaign; every change appends a LabelEvent."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="labels")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="labels")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="labels")
    expert_class = models.SmallIntegerField(
        choices=ExpertClass.choices,
        null=True,
        blank=True,
        help_text="Null after an undo: the label is withdrawn.",
    )
    skipped = models.BooleanField(
        default=False, help_text="The expert skipped the candidate without a class."
    )
    reasons = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)
    seconds_spent = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        constraints = (
            models.UniqueConstraint(fields=["campaign", "candidate", "expert"], name="label_one_per_expert"),
            models.CheckConstraint(
                condition=Q(expert_class__isnull=True) | Q(expert_class__in=[1, 2, 4]),
                name="label_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(skipped=False) | Q(expert_class__isnull=True), name="label_skip_has_no_class"
            ),
        )
        indexes = (
            models.Index(fields=["expert", "campaign", "-updated_at"], name="label_expert_recent"),
            models.Index(fields=["candidate", "campaign"], name="label_candidate"),
        )

    def __str__(self) -> str:
        return f"{self.expert_id} {self.candidate_id}={self.expert_class}"


class EventKind(models.TextChoices):
    LABEL = "label", "label"
    CHANGE = "change", "change"
    UNDO = "undo", "undo"
    SKIP = "skip", "skip"
    ADJUDICATE = "adjudicate", "adjudication"
    REJECT_EPOCH = "reject_epoch", "epoch rejected"
    RESTORE_EPOCH = "restore_epoch", "epoch restored"
    FLAG_IMAGE = "flag_image", "image flagged"
    UNFLAG_IMAGE = "unflag_image", "image unflagged"
    CAMPAIGN = "campaign", "campaign change"
    CLASS_EDIT = "class_edit", "class edited by a curator"


class LabelEvent(models.Model):
    """Append-only history of every decision: who, when, what it was before and after."""

    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    label = models.ForeignKey(Label, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    undoes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="undone_by",
        help_text="For an undo: the event it reverted.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes = (models.Index(fields=["candidate", "created_at"], name="event_candidate"),)

    def __str__(self) -> str:
        return f"{self.kind} {self.candidate_id} by {self.actor_id}"


class Adjudication(models.Model):
    """A curator's decision on a disputed campaign candidate, with the votes it settled."""

    item = models.OneToOneField(CampaignCandidate, on_delete=models.PROTECT, related_name="adjudication")
    decided_class = models.SmallIntegerField(choices=ExpertClass.choices)
    adjudicator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=32)
    votes = models.JSONField(default=list)
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.CheckConstraint(condition=Q(decided_class__in=[1, 2, 4]), name="adjudication_class_valid"),
        )

    def __str__(self) -> str:
        return f"{self.item} -> {self.decided_class}"


class ImageFlag(models.Model):
    """A curator's flag on a bad HLA image; while active, every measurement on it is rejected."""

    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="flags")
    reason = models.CharField(max_length=300)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    marked_for_review = models.JSONField(
        default=list, blank=True, help_text="MatchIDs this flag set needs_review on; unflagging clears them."
    )

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints = (
            models.UniqueConstraint(
                fields=["image"], condition=Q(cleared_at__isnull=True), name="one_active_flag_per_image"
            ),
        )

    def __str__(self) -> str:
        return f"{self.image_id}: {self.reason}"


class EpochRejection(models.Model):
    """One expert's rejection of one epoch, in the campaign whose page it was made on.

    Its scope is that campaign: only its expert or a curator restores it, and only there. Until a voter of a
    blind campaign has voted on the candidate, they see only their own rejections (README, "Blind review");
    `Measurement.rejected` is the union that everyone else sees. A rejection without a campaign was made
    before rejections had a scope (vetting 0006): everyone sees it, as then, and it is restored from any
    campaign's page.
    """

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="expert_rejections")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="epoch_rejections"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["measurement", "campaign", "expert"],
                condition=Q(campaign__isnull=False),
                name="epoch_rejection_once_per_scope",
            ),
            models.UniqueConstraint(
                fields=["measurement", "expert"],
                condition=Q(campaign__isnull=True),
                name="epoch_rejection_once_unscoped",
            ),
        )

    def __str__(self) -> str:
        return f"{self.measurement_id} rejected by {self.expert_id} in {self.campaign_id}: {self.reason}"
