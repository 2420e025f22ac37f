from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0004_job_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="ingestjobpart",
            name="timings",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Seconds its runs spent reading from MAST (`read`) and writing to the database "
                "(`write`).",
            ),
        ),
    ]
