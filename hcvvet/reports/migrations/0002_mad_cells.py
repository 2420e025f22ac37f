"""Created MAD histogram cells kept by triggers on the catalogue's tables. Only the models' state is kept here,
so the history of the app's models stays consistent; nothing is created in the database, and
0003_remove_triggers deletes the models and drops what this migration once installed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MadFineEdge",
                    fields=[
                        ("position", models.SmallIntegerField(primary_key=True, serialize=False)),
                        ("edge", models.FloatField()),
                    ],
                    options={"db_table": "reports_madfineedge", "managed": False},
                ),
                migrations.CreateModel(
                    name="MadCell",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("auto_class", models.SmallIntegerField()),
                        ("hcv_expert_class", models.SmallIntegerField()),
                        (
                            "expert_class",
                            models.SmallIntegerField(help_text="hcvvet consensus, 0 while undecided"),
                        ),
                        ("fine_bin", models.SmallIntegerField()),
                        ("n", models.BigIntegerField()),
                    ],
                    options={
                        "indexes": [models.Index(fields=["auto_class"], name="madcell_auto_class")],
                    },
                ),
            ],
        ),
    ]
