from django.apps import AppConfig
from django.db.models.signals import post_save


def _ingest_progressed(sender, update_fields=None, **kwargs) -> None:
    """An ingest job ended a stage or a run (it saves its timings then): candidates and their MADs were
    written, so live queue orders may have changed. Per-batch counter saves leave the campaigns alone."""
    from .queues import queue_order_changed

    if update_fields is None or "timings" in update_fields:
        queue_order_changed()


class VettingConfig(AppConfig):
    name = "hcvvet.vetting"
    label = "vetting"
    verbose_name = "Vetting"

    def ready(self) -> None:
        post_save.connect(_ingest_progressed, sender="ingest.IngestJob", dispatch_uid="vetting-queue-order")
