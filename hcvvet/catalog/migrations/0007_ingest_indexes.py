"""Fewer indexes on the tables a whole-catalogue ingest fills, each one write per row saved:
- Candidate.group: no index of its own (`candidate_group_class`, group and AutoClass, leads with it);
- Measurement.candidate: none of its own (the natural key, candidate, filter and image, leads with it);
- Measurement.image: one plain index (`measurement_image`) instead of Django's pair, whose second index
  (`varchar_pattern_ops`, for LIKE on PostgreSQL) no query uses;
- Measurement.rejected_by: indexed only where set (`measurement_rejected_by`, a partial index).

The field indexes are dropped by name (Django's own names for them) rather than by AlterField, which on
SQLite rebuilds the table: a rebuild fails on a database that still holds the old report triggers (reports
0003 drops them, and may run after this), as catalog 0006 explains."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, Django's name for the field's index) of each field index this migration drops; the names
# are written out as Django 5.2 made them (the same on PostgreSQL and SQLite), so that no later Django
# changes what this migration does. PostgreSQL's twin of an index on a character column ends in "_like".
FIELD_INDEXES = (
    ("catalog_candidate", "group_id", "catalog_candidate_group_id_6c33783e"),
    ("catalog_measurement", "candidate_id", "catalog_measurement_candidate_id_3d1977a2"),
    ("catalog_measurement", "image_id", "catalog_measurement_image_id_0bfa389e"),
    ("catalog_measurement", "rejected_by_id", "catalog_measurement_rejected_by_id_7a89f719"),
)


def drop_field_indexes(apps, schema_editor):
    for _, _, name in FIELD_INDEXES:
        for index in (name, f"{name}_like"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")


def create_field_indexes(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, column, name in FIELD_INDEXES:
        schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_group_data_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_field_indexes, create_field_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="candidate",
                    name="group",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="candidates",
                        to="catalog.group",
                    ),
                ),
                migrations.AlterField(
                    model_name="measurement",
                    name="candidate",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="measurements",
                        to="catalog.candidate",
                    ),
                ),
                migrations.AlterField(
                    model_name="measurement",
                    name="image",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measurements",
                        to="catalog.image",
                    ),
                ),
                migrations.AlterField(
                    model_name="measurement",
                    name="rejected_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="measurement",
            index=models.Index(fields=["image"], name="measurement_image"),
        ),
        migrations.AddIndex(
            model_name="measurement",
            index=models.Index(
                condition=models.Q(("rejected_by__isnull", False)),
                fields=["rejected_by"],
                name="measurement_rejected_by",
            ),
        ),
    ]
