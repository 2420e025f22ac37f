"""Reports: the index of reports and the summary of a labelled-table import."""

from rest_framework import serializers


class ReportIndexSerializer(serializers.Serializer):
    name = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())


class ImportSummarySerializer(serializers.Serializer):
    n_rows = serializers.IntegerField()
    n_objects = serializers.IntegerField()
    experts = serializers.ListField(child=serializers.CharField())
    n_votes = serializers.IntegerField(help_text="Votes in the file, one per expert and object.")
    n_votes_stored = serializers.IntegerField(help_text="Already in the campaign with that class.")
    n_votes_differing = serializers.IntegerField(help_text="In the campaign with another class.")
    n_votes_new = serializers.IntegerField()
    n_written = serializers.IntegerField(help_text="Votes added or changed (0 for a dry run).")
    campaign = serializers.CharField(help_text="The campaign imported into.")
    file_campaign = serializers.CharField(
        allow_blank=True, help_text="The campaign the file was exported from."
    )
    written = serializers.BooleanField()
    is_round_trip = serializers.BooleanField(help_text="Importing the file changes nothing.")
