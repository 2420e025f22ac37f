"""API serializers: read shapes of the catalogue and the vetting records, and validated input forms.

Serializers never write: views pass validated input to the owning app's services.
"""

from rest_framework import serializers

from hcvvet.catalog.models import Candidate, Cutout, FilterStat, Measurement


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    username = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class FilterStatSerializer(serializers.ModelSerializer):
    class Meta:
        model = FilterStat
        fields = [
            "filter",
            "filter_det_flag",
            "var_qual_flag",
            "num_lc",
            "mean_mag",
            "mean_corr_mag",
            "mad",
            "chi2",
            "mad_threshold",
            "vetted_mad",
            "vetted_chi2",
            "vetted_num_lc",
            "lc_mismatch",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")

    class Meta:
        model = Measurement
        fields = [
            "id",
            "filter",
            "image",
            "mjd",
            "mag",
            "corr_mag",
            "mag_err",
            "ci",
            "d",
            "rejected",
            "rejected_source",
            "rejected_reason",
        ]


class CutoutSerializer(serializers.ModelSerializer):
    image = serializers.CharField(source="image_id")
    filter = serializers.CharField(source="image.filter")
    mjd = serializers.FloatField(source="image.mjd", allow_null=True)
    url = serializers.SerializerMethodField(help_text="Where the JPEG is served; null until it is fetched.")

    class Meta:
        model = Cutout
        fields = ["id", "image", "filter", "mjd", "size_px", "zoom", "status", "url"]

    def get_url(self, cutout: Cutout) -> str | None:
        if cutout.status != "ok" or not cutout.file:
            return None
        request = self.context.get("request")
        url = cutout.file.url
        return request.build_absolute_uri(url) if request else url


class CandidateSerializer(serializers.ModelSerializer):
    group_id = serializers.IntegerField()
    target_name = serializers.CharField(source="group.target_name")
    url = serializers.HyperlinkedIdentityField(view_name="api:candidate-detail", lookup_field="match_id")

    class Meta:
        model = Candidate
        fields = [
            "match_id",
            "url",
            "group_id",
            "target_name",
            "sub_group_id",
            "ra_deg",
            "dec_deg",
            "auto_class",
            "hcv_expert_class",
            "expert_class",
            "num_filters",
            "max_mad",
            "has_light_curve",
            "stats_mismatch",
            "needs_review",
        ]


class CandidateDetailSerializer(CandidateSerializer):
    filters = FilterStatSerializer(source="filter_stats", many=True)
    light_curve = MeasurementSerializer(source="measurements", many=True)
    cutouts = CutoutSerializer(many=True)

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "filters", "light_curve", "cutouts"]
