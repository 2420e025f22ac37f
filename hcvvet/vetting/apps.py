from django.apps import AppConfig
from django.db.models.signals import post_save


def _ingest_progressed(sender, **kwargs) -> None:
    """An ingest job saves its progress as it writes candidates: live queue orders may have changed."""
    from .queues import queue_order_changed

    queue_order_changed()


class VettingConfig(AppConfig):
    name = "hcvvet.vetting"
    label = "vetting"
    verbose_name = "Vetting"

    def ready(self) -> None:
        post_save.connect(_ingest_progressed, sender="ingest.IngestJob", dispatch_uid="vetting-queue-order")
