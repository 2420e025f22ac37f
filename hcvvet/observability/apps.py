from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "hcvvet.observability"
    verbose_name = "Metrics and logs"

    def ready(self) -> None:
        # Celery's signals are process-wide: connecting here covers the web (which publishes tasks) and every
        # worker (which runs them), whichever starts Django.
        from . import context, task_metrics  # noqa: F401 (connects the signal receivers)
