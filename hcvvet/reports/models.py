"""Counts kept by the database itself so the MAD reports need not scan the catalogue (hcvvet/reports/madcells.py)."""

from django.db import models


class MadCell(models.Model):
    """`n` flagged filter rows (FilterDetFlag > 0) whose MAD falls in fine bin `fine_bin` and whose object has these
    classes. Maintained by triggers on catalog_candidate and catalog_filterstat (migration 0002): each write appends
    signed rows, so a key's count is the SUM over its rows; compaction merges them."""

    auto_class = models.SmallIntegerField()
    hcv_expert_class = models.SmallIntegerField()
    expert_class = models.SmallIntegerField(help_text="hcvvet consensus, 0 while undecided")
    fine_bin = models.SmallIntegerField()
    n = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["auto_class"], name="madcell_auto_class")]

    def __str__(self) -> str:
        classes = f"AutoClass {self.auto_class}, ExpertClass {self.hcv_expert_class}/{self.expert_class}"
        return f"{classes}, bin {self.fine_bin}: {self.n:+d}"


class MadFineEdge(models.Model):
    """The fine MAD bin edges [mag] the triggers use: bin i holds edge i <= MAD < edge i+1, the last bin also
    MAD == the last edge (numpy.histogram's rule). A view made by the migration with the triggers, so the two
    always agree and no flush of the tables can lose it."""

    position = models.SmallIntegerField(primary_key=True)
    edge = models.FloatField()

    class Meta:
        managed = False
        db_table = "reports_madfineedge"

    def __str__(self) -> str:
        return f"{self.position}: {self.edge!r} mag"
