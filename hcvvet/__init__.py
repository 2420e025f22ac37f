"""hcvvet: vetting candidate variable stars of the Hubble Catalog of Variables."""

__version__ = "0.1.0"

from .celery import app as celery_app

__all__ = ["__version__", "celery_app"]
