"""Group.data_version: each group's own data version, which the review page's field context is keyed on, so
an ingest of other groups no longer recomputes it. Existing groups start from one random value (the keys
include the GroupID); every later write to a group's rows gives it a fresh one.

The column is added with ALTER TABLE ADD COLUMN (a constant default, which the ORM's writes never use) rather
than Django's AddField, which on SQLite rebuilds the table: a rebuild fails on a database that still holds
the old report triggers (reports 0003 drops them, and may run after this)."""

import functools
import secrets

from django.db import migrations, models


def fresh_versions(apps, schema_editor):
    apps.get_model("catalog", "Group").objects.update(data_version=secrets.randbelow(1 << 62))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_filterstat_candidate_index_dropped"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE catalog_group ADD COLUMN data_version bigint NOT NULL DEFAULT 0",
                    reverse_sql="ALTER TABLE catalog_group DROP COLUMN data_version",
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="group",
                    name="data_version",
                    field=models.BigIntegerField(
                        default=functools.partial(secrets.randbelow, 1 << 62),
                        editable=False,
                        help_text="Moved by each catalog write to the group's filter rows or threshold curves: "
                        "what the review page's cached field context is keyed on "
                        "(hcvvet/catalog/versioning.py).",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fresh_versions, migrations.RunPython.noop),
    ]
