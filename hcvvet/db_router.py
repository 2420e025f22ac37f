"""Reports and exports read from the `replica` alias when one is configured (DATABASE_REPLICA_URL), so a heavy
export never competes with labelling on the primary; every write, and every other read, goes to `default`.

What counts as a report read is decided at the edge, not per model: `ReplicaReadsMiddleware` marks the
GET and HEAD requests under the report paths (HCVVET_REPLICA_READ_PATHS), and code elsewhere (a report task)
may mark its own work with `replica_reads()`. A replica lags its primary: a report may miss the last seconds
of labelling, which is why labelling pages and the API's label endpoints never read there.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Who is asking is always answered by the primary: a token or session issued a moment ago must work at once,
# even on a replica that has not replayed it yet.
PRIMARY_ONLY_APPS = frozenset({"accounts", "auth", "authtoken", "sessions", "contenttypes", "admin"})

_replica_reads: ContextVar[bool] = ContextVar("hcvvet_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads that name no database go to the replica (when one is configured)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Writes and migrations: `default` only. Reads: the replica inside `replica_reads()` (but users, tokens
    and sessions from `default`), else `default`; an object's related rows come from the object's database."""

    def db_for_read(self, model: type[Model], **hints) -> str:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        if _replica_reads.get() and model._meta.app_label not in PRIMARY_ONLY_APPS and replica_configured():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Runs GET and HEAD requests under the report paths inside `replica_reads()`; an import (POST) under
    the same paths writes, so it stays on the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.prefixes = tuple(settings.HCVVET_REPLICA_READ_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in SAFE_METHODS and request.path.startswith(self.prefixes) and replica_configured():
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
