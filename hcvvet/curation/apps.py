from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Listed after catalog, vetting and ingest in INSTALLED_APPS: its admin module replaces catalog's
    admins."""

    name = "hcvvet.curation"
    label = "curation"
    verbose_name = "Curation"
