"""Drop the index of IngestJobMember.job: the unique (job_id, candidate_id) index leads with the same column
and serves every lookup by job. The index is dropped by name (no table rebuild on SQLite; every row stays)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "ingest_ingestjobmember_job_id_5f11ef4f"


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0005_part_timings"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    reverse_sql=f"CREATE INDEX {INDEX} ON ingest_ingestjobmember (job_id)",
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ingestjobmember",
                    name="job",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="ingest.ingestjob",
                    ),
                ),
            ],
        ),
    ]
