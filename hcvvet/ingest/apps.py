from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "hcvvet.ingest"
    label = "ingest"
    verbose_name = "Ingest"
