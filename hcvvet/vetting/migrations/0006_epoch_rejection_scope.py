"""Epoch rejections get a scope: the campaign they were made in and the expert who made them.

The expert rejections made before (kept on the measurement) become rejections without a campaign: everyone
still sees them, as before, and their expert or a curator restores them from any campaign's page."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH = 1000


def scope_existing_rejections(apps, schema_editor):
    Measurement = apps.get_model("catalog", "Measurement")
    EpochRejection = apps.get_model("vetting", "EpochRejection")
    rejected = (
        Measurement.objects.filter(rejected=True, rejected_source="expert")
        .order_by("pk")
        .values_list("pk", "rejected_by_id", "rejected_reason", "rejected_at")
    )
    now = django.utils.timezone.now()
    rows = [
        EpochRejection(
            measurement_id=pk,
            campaign=None,
            expert_id=expert_id,
            reason=reason or "rejected",
            created_at=rejected_at or now,
        )
        for pk, expert_id, reason, rejected_at in rejected.iterator()
    ]
    EpochRejection.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_field_threshold"),
        ("vetting", "0005_curator_class_edit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EpochRejection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(max_length=200)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "campaign",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="epoch_rejections",
                        to="vetting.campaign",
                    ),
                ),
                (
                    "expert",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "measurement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="expert_rejections",
                        to="catalog.measurement",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("campaign__isnull", False)),
                        fields=("measurement", "campaign", "expert"),
                        name="epoch_rejection_once_per_scope",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("campaign__isnull", True)),
                        fields=("measurement", "expert"),
                        name="epoch_rejection_once_unscoped",
                    ),
                ],
            },
        ),
        migrations.RunPython(scope_existing_rejections, migrations.RunPython.noop),
    ]
