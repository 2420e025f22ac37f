from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hcvvet.api"
    label = "api"
