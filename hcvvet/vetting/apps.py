from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "hcvvet.vetting"
    label = "vetting"
    verbose_name = "Vetting"
