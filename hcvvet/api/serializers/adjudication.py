"""Adjudication: disputed candidates with their votes, a curator's decision and its record."""

from rest_framework import serializers

from hcvvet.vetting.models import Adjudication, CampaignCandidate, Label

from .fields import LABEL_CLASS_CHOICES


class VoteSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.username")

    class Meta:
        model = Label
        fields = ("expert", "expert_class", "reasons", "comment", "seconds_spent")


class DisputedItemSerializer(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name")
    candidate = serializers.IntegerField(source="candidate_id")
    votes = VoteSerializer(many=True, source="item_votes")

    class Meta:
        model = CampaignCandidate
        fields = (
            "id",
            "campaign",
            "campaign_name",
            "candidate",
            "position",
            "vote_count",
            "consensus",
            "votes",
        )


class AdjudicateSerializer(serializers.Serializer):
    decided_class = serializers.ChoiceField(choices=LABEL_CLASS_CHOICES)
    note = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")


class AdjudicationSerializer(serializers.ModelSerializer):
    adjudicator = serializers.CharField(source="adjudicator.username")
    candidate = serializers.IntegerField(source="item.candidate_id")
    campaign = serializers.IntegerField(source="item.campaign_id")

    class Meta:
        model = Adjudication
        fields = (
            "id",
            "item",
            "campaign",
            "candidate",
            "decided_class",
            "adjudicator",
            "rule",
            "votes",
            "note",
            "decided_at",
        )
