from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "hcvvet.triage"
    label = "triage"
    verbose_name = "Model-assisted triage"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the retraining receiver)
