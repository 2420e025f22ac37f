"""Queues: an expert's campaigns with progress, and the next candidate."""

from rest_framework import serializers

from .candidates import CandidateSerializer


class QueueSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign.pk")
    name = serializers.CharField(source="campaign.name")
    blind = serializers.BooleanField(source="campaign.blind")
    labelled = serializers.IntegerField()
    total = serializers.IntegerField()
    skipped = serializers.IntegerField(
        help_text="Candidates you skipped that still wait for a vote, outside `total`: the queue does not "
        "serve them again; open them by MatchID to label them."
    )
    ingesting = serializers.SerializerMethodField(
        help_text=(
            'True while an ingest job is queued or running (the pages say "still ingesting"): the totals '
            "may still grow as candidates arrive."
        )
    )

    def get_ingesting(self, queue) -> bool:
        """Read once per list by the view (`context["ingesting"]`)."""
        return self.context["ingesting"]


class NextCandidateSerializer(serializers.Serializer):
    """A `hcvvet.vetting.next_candidate.NextCandidate`."""

    campaign = serializers.IntegerField(source="campaign_id")
    candidate = CandidateSerializer(allow_null=True, help_text="Null when this expert's queue is empty.")
    lease_expires_at = serializers.DateTimeField(allow_null=True)
    labelled = serializers.IntegerField()
    total = serializers.IntegerField()
