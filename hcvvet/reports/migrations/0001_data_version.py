"""Installed database triggers that moved a report data version on writes to accounts, catalog and vetting
tables. Reports now key on versions that the writing services move (hcvvet.catalog.versioning), so this
migration does nothing; 0003_remove_triggers removes what it installed in databases migrated before."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("catalog", "0001_initial"),
        ("vetting", "0003_queue_order_version"),
    ]

    operations = []
