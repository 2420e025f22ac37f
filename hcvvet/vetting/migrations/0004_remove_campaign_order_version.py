from django.db import migrations


class Migration(migrations.Migration):
    """Live queue orders key on the catalog data version (hcvvet.catalog.versioning) instead."""

    dependencies = [
        ("vetting", "0003_queue_order_version"),
    ]

    operations = [
        migrations.RemoveField(model_name="campaign", name="order_version"),
    ]
