"""Reports reused while the data they read is unchanged.

A report is stored in Django's cache (the "reports" alias: Redis when REDIS_URL is set, so every worker and
host shares it; this process's memory otherwise) under the data versions of the catalogue and of the labels
(hcvvet.catalog.versioning), which the writing services move in the transaction of each write. A page reload,
a second format of the same report or another analyst's identical request then costs one small query instead
of an aggregate over the catalogue.

Exactness: the versions are read BEFORE the report's queries, so a report stored under a version was computed
from data at least as new as that version; a write moves the version in its own transaction, so once it is
visible to a reader, so is the new version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.utils import timezone

from hcvvet import __version__
from hcvvet.catalog.versioning import CATALOG, LABELS, data_version

CACHE_ALIAS = "reports"
TIMEOUT_SECONDS = 24 * 3600
T = TypeVar("T")


def _key(version: tuple[int, ...], parts: tuple) -> str:
    text = repr((__version__, version, timezone.get_current_timezone_name(), parts))
    return "report:" + hashlib.sha256(text.encode()).hexdigest()


def cached(parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), or the value it gave for the same `parts` (hashable by repr) on the same data."""
    version = data_version(CATALOG, LABELS)
    cache, key = caches[CACHE_ALIAS], _key(version, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value
