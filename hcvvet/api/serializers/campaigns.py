"""Campaigns: the read shape, the settings a curator writes, and the "which campaign" input of other forms."""

from rest_framework import serializers

from hcvvet.accounts.models import User
from hcvvet.vetting.models import Campaign, ConsensusRule, ModelDisplay, QueueOrder
from hcvvet.vetting.visibility import GOLD_KEYS, selection_seen

from .fields import IdRelatedField


class CampaignRefSerializer(serializers.Serializer):
    campaign = IdRelatedField(
        queryset=Campaign.objects.all(), required=False, help_text="Default: the default campaign."
    )


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign. Its gold candidates (`selection.gold_match_ids`, `gold_count`) show only to curators who do
    not vote in it, until it is closed; without a request in the context they never show."""

    experts = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    items = serializers.IntegerField(source="item_count", read_only=True, help_text="Frozen candidates.")
    retired = serializers.IntegerField(
        source="retired_count",
        read_only=True,
        default=0,
        help_text="Candidates the model retired (`retire_confidence`): out of the queue, no expert class.",
    )

    class Meta:
        model = Campaign
        fields = (
            "id",
            *Campaign.SETTINGS,
            "state",
            "is_default",
            "items",
            "retired",
            "created_by",
            "created_at",
            "started_at",
        )
        read_only_fields = fields

    def to_representation(self, campaign: Campaign) -> dict:
        data = super().to_representation(campaign)
        request = self.context.get("request")
        data["selection"] = (
            selection_seen(campaign, request.user)
            if request is not None
            else {k: v for k, v in data["selection"].items() if k not in GOLD_KEYS}
        )
        return data


class CampaignWriteSerializer(serializers.Serializer):
    """Campaign settings; `selection` keys are those of `hcvvet.vetting.selection` (validated by the
    service)."""

    name = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    selection = serializers.DictField(
        required=False, help_text='e.g. {"group_ids": [69810], "auto_class": [1, 2]}'
    )
    experts = serializers.SlugRelatedField(
        slug_field="username",
        many=True,
        queryset=User.objects.all(),
        required=False,
        help_text="Usernames of accounts with the expert or curator role; a 400 names any other.",
    )
    votes_needed = serializers.IntegerField(min_value=1, max_value=50, required=False)
    blind = serializers.BooleanField(required=False)
    rule = serializers.ChoiceField(choices=ConsensusRule.choices, required=False)
    rule_k = serializers.IntegerField(min_value=1, max_value=50, required=False)
    rule_posterior = serializers.FloatField(
        allow_null=True,
        required=False,
        help_text="p of the rule 'Dawid-Skene posterior above p': above 0.5, below 1; that rule needs it.",
    )
    order = serializers.ChoiceField(choices=QueueOrder.choices, required=False)
    seed = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)
    audit_share = serializers.FloatField(
        min_value=0, max_value=1, required=False, help_text="Model-ranked orders: the random audit share."
    )
    model_display = serializers.ChoiceField(choices=ModelDisplay.choices, required=False)
    retire_confidence = serializers.FloatField(
        min_value=0.5,
        max_value=1,
        allow_null=True,
        required=False,
        help_text="Retire candidates the model gives one class at least this probability; null: never.",
    )
    retrain_after = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text="Retrain after this many decided labels."
    )
