"""Reports reused while the data they read is unchanged.

Triggers (migration 0001_data_version) move a data version whenever a table the reports read is written: the
catalogue, the campaigns and their votes, the users. A report is stored under (data version, report, filters) in
this process's memory and served again until the version moves, so a page reload, a second format of the same
report or another analyst's identical request costs one small query instead of a scan of the catalogue.

Exactness: the version is read before the report's queries, so a stored report is never older than its version.
On PostgreSQL the version is withheld (nothing is stored or served) while a write transaction is in flight or
this transaction has written, and a report is stored only if the version has not moved while it was computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from hcvvet import __version__

ADVISORY_LOCK = 7_203_114_085_001  # the number frozen in migration 0001_data_version
CACHE_ALIAS = "reports"
TIMEOUT_SECONDS = 24 * 3600
T = TypeVar("T")


def data_version() -> str | None:
    """The version of everything reports read; None when it cannot be trusted right now (see module doc)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT hcvvet_quiet_data_version()")
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT epoch || ':' || version FROM hcvvet_data_version")
        else:
            return None
        row = cursor.fetchone()
    return row[0] if row else None


def _key(version: str, parts: tuple) -> str:
    text = repr((__version__, version, timezone.get_current_timezone_name(), parts))
    return "report:" + hashlib.sha256(text.encode()).hexdigest()


def cached(parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), or the value it gave for the same `parts` (hashable by repr) on the same data."""
    version = data_version()
    if version is None:
        return compute()
    cache, key = caches[CACHE_ALIAS], _key(version, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if data_version() == version:
            cache.set(key, value, TIMEOUT_SECONDS)
    return value
