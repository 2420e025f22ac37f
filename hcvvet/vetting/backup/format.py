"""The backup document's name and version, and how its values are written and read back: timestamps as
ISO 8601 with a UTC offset, choices checked against the model's values. A reader refuses anything else."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..errors import InvalidInput

FORMAT = "hcvvet-vetting-backup"
# 2: an expert's epoch rejection names its campaign (`campaign`, null for one made before rejections had a
# campaign), one entry per rejection; version 1 held one entry per rejected epoch, read as without a campaign.
# 3: campaigns carry the model settings (`audit_share`, `model_display`, `retire_confidence`,
# `retrain_after`) and their items the model's ranking and retirement (`in_audit`, `priority`, `retired_*`);
# versions 1 and 2 are read with the defaults (no model: never shown, nothing retired).
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)


def check_header(document: Any) -> None:
    """Refuse (InvalidInput) anything but a document of this format in a version this hcvvet reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"not an hcvvet vetting backup (its format must be {FORMAT!r})")
    version = document.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise InvalidInput(
            f"backup version {version!r} is not supported (this hcvvet reads {list(READABLE_VERSIONS)})"
        )


def datetime_text(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def datetime_value(value: str) -> datetime:
    """A timestamp as `datetime_text` wrote it; ValueError for anything else, naive times included."""
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValueError(f"{value!r} is not an ISO 8601 date and time with a UTC offset")
    return parsed


def datetime_value_or_none(value: str | None) -> datetime | None:
    return None if value is None else datetime_value(value)


def choice(value: Any, allowed: Iterable[Any], what: str) -> Any:
    """`value` if it is one of `allowed`; ValueError naming `what` otherwise."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {allowed}")
    return value
