"""The HCV catalogue as ingested from MAST: groups, images, candidates, filter rows, measurements, cutouts.

Natural keys are primary keys where MAST gives one (GroupID, MatchID, ImageName), so bulk loads need no id
look-ups and a re-ingest upserts in place.
"""

import secrets
from functools import partial
from typing import ClassVar

import numpy as np
from django.db import models
from django.db.models import Q

from hcvvet.accounts.fields import account_reference

from . import thresholds
from .classes import EXPERT_CLASS_NAMES


class AutoClass(models.IntegerChoices):
    CONSTANT = 0, "constant"
    SFVC = 1, "single-filter variable candidate"
    MFVC = 2, "multi-filter variable candidate"


class ExpertClass(models.IntegerChoices):
    UNCLASSIFIED = 0, EXPERT_CLASS_NAMES[0]
    HIGH_CONFIDENCE = 1, EXPERT_CLASS_NAMES[1]
    PROBABLE = 2, EXPERT_CLASS_NAMES[2]
    ARTIFACT = 4, EXPERT_CLASS_NAMES[4]


LABEL_CLASSES = (ExpertClass.HIGH_CONFIDENCE, ExpertClass.PROBABLE, ExpertClass.ARTIFACT)


class ThresholdSource(models.TextChoices):
    """What a field's MAD threshold is (catalog/thresholds.py)."""

    CATALOGUE = thresholds.CATALOGUE, thresholds.SOURCE_LABELS[thresholds.CATALOGUE]
    ESTIMATE = thresholds.ESTIMATE, thresholds.SOURCE_LABELS[thresholds.ESTIMATE]


# A new random 62-bit data version (hcvvet/catalog/versioning.py says why random, not a counter); a partial,
# so a migration can name it without importing project code.
fresh_version = partial(secrets.randbelow, 1 << 62)


class Group(models.Model):
    """An HSC image group (`Groups` table): a field observed many times."""

    group_id = models.IntegerField(primary_key=True, verbose_name="GroupID")
    target_name = models.CharField(max_length=128, db_index=True, verbose_name="TargetName")
    data_version = models.BigIntegerField(
        default=fresh_version,
        editable=False,
        help_text="Moved by each catalog write to the group's filter rows or threshold curves: what the "
        "review page's cached field context is keyed on (hcvvet/catalog/versioning.py).",
    )

    class Meta:
        ordering: ClassVar = ["group_id"]

    def __str__(self) -> str:
        return f"{self.target_name} ({self.group_id})"


class Image(models.Model):
    """An HLA image named `hst_<proposal>_<visit>_<instrument>_<detector>_<filter>`."""

    name = models.CharField(primary_key=True, max_length=64, verbose_name="ImageName")
    instrument = models.CharField(max_length=8)
    detector = models.CharField(max_length=8)
    filter = models.CharField(max_length=16)
    proposal_id = models.IntegerField()
    visit = models.CharField(max_length=4)
    mjd = models.FloatField(
        null=True, blank=True, help_text="Mid-exposure MJD of the first measurement seen."
    )
    flagged = models.BooleanField(
        default=False, help_text="Set by a curator's image flag: every epoch rejected."
    )

    class Meta:
        ordering: ClassVar = ["name"]
        indexes = (models.Index(fields=["proposal_id", "visit"]),)

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """One HCVmatch row; constant objects (AutoClass 0) of an ingested field are kept as context."""

    match_id = models.BigIntegerField(primary_key=True, verbose_name="MatchID")
    # No index of its own on `group`: `candidate_group_class` (group, AutoClass) serves every lookup by group,
    # and one index fewer is one write fewer per object ingested (migration 0007).
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="candidates", db_index=False)
    sub_group_id = models.IntegerField(verbose_name="SubGroupID")
    ra_deg = models.FloatField(verbose_name="RA (deg)")
    dec_deg = models.FloatField(verbose_name="Dec (deg)")
    auto_class = models.SmallIntegerField(choices=AutoClass.choices, verbose_name="AutoClass")
    hcv_expert_class = models.SmallIntegerField(
        choices=ExpertClass.choices, default=0, verbose_name="catalogue ExpertClass"
    )
    num_filters = models.SmallIntegerField(verbose_name="NumFilters")
    expert_class = models.SmallIntegerField(
        choices=ExpertClass.choices,
        null=True,
        blank=True,
        help_text="hcvvet's own outcome (campaign consensus or adjudication); null until decided.",
    )
    max_mad = models.FloatField(null=True, blank=True, help_text="Largest MAD over the filter rows (mag).")
    stats_mismatch = models.BooleanField(
        default=False, help_text="The catalogue statistics disagree with the ingested light curve."
    )
    needs_review = models.BooleanField(
        default=False, help_text="Variability rests on a flagged image: re-review."
    )
    has_light_curve = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["match_id"]
        constraints = (
            models.CheckConstraint(condition=Q(auto_class__in=[0, 1, 2]), name="candidate_auto_class_valid"),
            models.CheckConstraint(
                condition=Q(hcv_expert_class__in=[0, 1, 2, 4]), name="candidate_hcv_expert_class_valid"
            ),
            models.CheckConstraint(
                condition=Q(expert_class__isnull=True) | Q(expert_class__in=[1, 2, 4]),
                name="candidate_expert_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(dec_deg__gte=-90) & Q(dec_deg__lte=90) & Q(ra_deg__gte=0) & Q(ra_deg__lt=360),
                name="candidate_position_valid",
            ),
        )
        indexes = (
            models.Index(fields=["dec_deg", "ra_deg"], name="candidate_cone"),
            models.Index(fields=["auto_class", "-max_mad"], name="candidate_queue"),
            models.Index(fields=["group", "auto_class"], name="candidate_group_class"),
            models.Index(fields=["hcv_expert_class"], name="candidate_hcv_expert"),
            models.Index(fields=["expert_class"], name="candidate_expert"),
        )

    def __str__(self) -> str:
        return str(self.match_id)


class FilterStat(models.Model):
    """One HCVfilter row: the catalogue's statistics of one object in one filter."""

    # The HCVfilter columns as MAST gives them (the ingest writes these), then hcvvet's own vetted statistics.
    HCV_COLUMNS: ClassVar = (
        "filter",
        "filter_det_flag",
        "var_qual_flag",
        "num_lc",
        "mean_mag",
        "mean_corr_mag",
        "mad",
        "chi2",
    )
    VETTED_COLUMNS: ClassVar = (
        "mad_threshold",
        "mad_threshold_source",
        "vetted_mad",
        "vetted_chi2",
        "vetted_num_lc",
        "lc_mismatch",
    )

    # No index of its own on `candidate`: the unique (candidate, filter) index serves every lookup by
    # candidate, and one index fewer is one write fewer per filter row ingested (migration 0005).
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="filter_stats", db_index=False
    )
    filter = models.CharField(max_length=16, verbose_name="Filter")
    filter_det_flag = models.SmallIntegerField(verbose_name="FilterDetFlag")
    var_qual_flag = models.CharField(max_length=5, verbose_name="VarQualFlag")
    num_lc = models.IntegerField(verbose_name="NumLC")
    mean_mag = models.FloatField(null=True, verbose_name="MeanMag")
    mean_corr_mag = models.FloatField(null=True, verbose_name="MeanCorrMag")
    mad = models.FloatField(null=True, verbose_name="MAD (mag)")
    chi2 = models.FloatField(null=True, verbose_name="reduced Chi2")
    mad_threshold = models.FloatField(
        null=True,
        blank=True,
        help_text="The group's one detection threshold on MAD in this filter (FieldThreshold) at this "
        "magnitude (mag).",
    )
    mad_threshold_source = models.CharField(
        max_length=16,
        choices=ThresholdSource.choices,
        null=True,  # loads insert filter rows by raw SQL without it; added without rebuilding the table
        blank=True,
        help_text="What the threshold is: the catalogue's own boundary or hcvvet's estimate.",
    )
    vetted_mad = models.FloatField(null=True, blank=True, help_text="MAD without rejected epochs (mag).")
    vetted_chi2 = models.FloatField(null=True, blank=True, help_text="Chi2 without rejected epochs.")
    vetted_num_lc = models.IntegerField(null=True, blank=True)
    lc_mismatch = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["candidate_id", "filter"]
        constraints = (
            models.UniqueConstraint(fields=["candidate", "filter"], name="filterstat_natural_key"),
            models.CheckConstraint(condition=Q(filter_det_flag__in=[0, 1]), name="filterstat_det_flag_valid"),
        )
        indexes = (
            models.Index(fields=["filter", "mad"], name="filterstat_filter_mad"),
            models.Index(fields=["filter", "mean_corr_mag"], name="filterstat_filter_mag"),
            # the rows flagged variable (about 2 % of the HCV's): what the MAD reports aggregate, read from
            # the index alone
            models.Index(
                fields=["candidate", "mad"], condition=Q(filter_det_flag__gt=0), name="filterstat_flagged"
            ),
        )

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.filter}"


class FieldThreshold(models.Model):
    """The one MAD detection threshold of a group in one filter, computed once from all the group's rows
    (catalog/thresholds.py): the curve the review page plots; each filter row's `mad_threshold` is this curve
    at its magnitude."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="thresholds")
    filter = models.CharField(max_length=16)
    source = models.CharField(max_length=16, choices=ThresholdSource.choices)
    mag_centres = models.JSONField(help_text="MeanCorrMag of the curve's points (mag), increasing.")
    mad_thresholds = models.JSONField(help_text="MAD threshold at each centre (mag).")
    k_sigmas = models.FloatField(
        null=True, blank=True, help_text="Catalogue boundary: locus sigmas (log10 MAD) above its median."
    )
    n_rows = models.IntegerField(help_text="Rows of the group and filter it was computed from.")
    n_flagged = models.IntegerField(help_text="Of which FilterDetFlag > 0.")

    class Meta:
        ordering: ClassVar = ["group_id", "filter"]
        constraints = (
            models.UniqueConstraint(fields=["group", "filter"], name="fieldthreshold_natural_key"),
        )

    def __str__(self) -> str:
        return f"{self.group_id} {self.filter} ({self.get_source_display()})"

    def curve(self) -> thresholds.ThresholdCurve:
        return thresholds.ThresholdCurve(
            source=self.source,
            centres=np.asarray(self.mag_centres, dtype=float),
            thresholds=np.asarray(self.mad_thresholds, dtype=float),
            n_rows=self.n_rows,
            n_flagged=self.n_flagged,
            k_sigmas=self.k_sigmas,
        )


class RejectionSource(models.TextChoices):
    EXPERT = "expert", "expert"
    IMAGE_FLAG = "image_flag", "image flag"


class Measurement(models.Model):
    """One HCVdetailed row: a point of a light curve, on one HLA image."""

    # Indexes (migration 0007), each one write per light-curve point ingested: none of its own on `candidate`
    # (the natural key leads with it); on `image` a plain one (`measurement_image`), not Django's default pair
    # with a second `varchar_pattern_ops` index for LIKE, which no query makes; on `rejected_by` only the
    # rejected points (`measurement_rejected_by`), which the account's deletion looks up.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="measurements", db_index=False
    )
    filter = models.CharField(max_length=16)
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="measurements", db_index=False)
    mjd = models.FloatField(verbose_name="MJD")
    mag = models.FloatField(null=True)
    corr_mag = models.FloatField(null=True)
    mag_err = models.FloatField(null=True)
    ci = models.FloatField(null=True, verbose_name="CI")
    d = models.FloatField(null=True, verbose_name="D")
    rejected = models.BooleanField(default=False)
    rejected_source = models.CharField(max_length=16, choices=RejectionSource.choices, blank=True)
    rejected_reason = models.CharField(max_length=200, blank=True)
    rejected_by = account_reference(db_index=False)
    rejected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["candidate_id", "filter", "mjd"]
        constraints = (
            models.UniqueConstraint(fields=["candidate", "filter", "image"], name="measurement_natural_key"),
        )
        indexes = (
            models.Index(fields=["candidate", "filter", "mjd"], name="measurement_lc"),
            models.Index(fields=["image"], name="measurement_image"),
            models.Index(
                fields=["rejected_by"], name="measurement_rejected_by", condition=Q(rejected_by__isnull=False)
            ),
        )

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.filter} {self.mjd:.5f}"


class CutoutStatus(models.TextChoices):
    PENDING = "pending", "pending"
    OK = "ok", "fetched"
    MISSING = "missing", "missing"


class Cutout(models.Model):
    """An HLA fitscut JPEG of one candidate on one image, fetched from MAST once and kept in storage."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="cutouts")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="cutouts")
    size_px = models.IntegerField(help_text="Cutout side in image pixels (19 zoomed in, 101 zoomed out).")
    zoom = models.FloatField(default=1.0)
    file = models.FileField(upload_to="cutouts/%Y/%m/", blank=True)
    status = models.CharField(max_length=8, choices=CutoutStatus.choices, default=CutoutStatus.PENDING)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.IntegerField(default=0)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["image", "candidate", "size_px", "zoom"], name="cutout_natural_key"
            ),
        )
        indexes = (models.Index(fields=["candidate", "status"], name="cutout_candidate_status"),)

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.image_id} {self.size_px}px"


class DataVersion(models.Model):
    """A named version of data that cached results depend on (hcvvet/catalog/versioning.py): the writing
    services set `value` to a fresh random number in the transaction of each write."""

    name = models.CharField(primary_key=True, max_length=16)
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
