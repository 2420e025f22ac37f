from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "hcvvet.catalog"
    label = "catalog"
    verbose_name = "HCV catalogue"
