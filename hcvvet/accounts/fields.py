"""Model fields that refer to accounts, declared once for every app."""

from django.conf import settings
from django.db import models


def account_reference(*, related_name: str = "+", **options) -> models.ForeignKey:
    """The optional account that did something to a row (created it, activated it, rejected it): emptied, not
    cascaded, if the account is ever deleted (a curator deactivates accounts, which keeps it)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        **options,
    )
