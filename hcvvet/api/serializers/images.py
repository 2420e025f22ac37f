"""Images and the flags curators set on bad ones."""

from rest_framework import serializers

from hcvvet.catalog.models import Image
from hcvvet.vetting.models import ImageFlag


class ImageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Image
        fields = ("name", "instrument", "detector", "filter", "proposal_id", "visit", "mjd", "flagged")


class ImageFlagSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")
    flagged_by = serializers.CharField(source="flagged_by.username")
    cleared_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ImageFlag
        fields = ("id", "image", "reason", "flagged_by", "created_at", "cleared_by", "cleared_at")


class ImageFlagRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the image is bad (shown on every epoch).")
