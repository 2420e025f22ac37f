from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "hcvvet.triage"
    label = "triage"
    verbose_name = "Model-assisted triage"
