"""Drop the index of FilterStat.candidate: the unique (candidate_id, filter) index leads with the same column
and serves every lookup by candidate. The index is dropped by name (no table rebuild on SQLite; every row
stays)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "catalog_filterstat_candidate_id_9513d178"


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_field_threshold"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f"CREATE INDEX {INDEX} ON catalog_filterstat (candidate_id)",
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="filterstat",
                    name="candidate",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="filter_stats",
                        to="catalog.candidate",
                    ),
                ),
            ],
        ),
    ]
