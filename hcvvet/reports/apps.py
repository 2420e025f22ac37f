from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _rebuild_mad_cells(sender, using, plan=None, **kwargs) -> None:
    """After migrate and after a flush (tests), whose DELETEs may have run in any order: the cells are
    recounted from the catalogue."""
    from django.db import connections

    from . import madcells

    madcells.rebuild(connections[using])


class ReportsConfig(AppConfig):
    name = "hcvvet.reports"
    label = "reports"

    def ready(self) -> None:
        post_migrate.connect(_rebuild_mad_cells, sender=self, dispatch_uid="hcvvet_rebuild_mad_cells")
