from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hcvvet.reports"
    label = "reports"
