from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only so that Django finds the `demo_setup` management command; the demo has no models."""

    name = "hcvvet.demo"
    label = "demo"
    verbose_name = "Demo"
