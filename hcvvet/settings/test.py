"""Test settings: fast hashing, throwaway media; the database and broker still come from the environment."""

import os
import re
import tempfile
from pathlib import Path

from .base import *  # noqa: F403 (a settings module extends base with all of it)
from .base import DATABASES, REDIS_URL, REST_FRAMEWORK, STORAGES, caches_for

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hcvvet-media-"))
# `default` as configured (the filesystem, or the bucket HCVVET_S3_BUCKET names: tests/scale); static files
# without the manifest, so tests need no collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Unit tests run tasks in-process; integration tests start a real worker and switch this off.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not memory), so real worker processes can open it; a folder per run, so runs never collide.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="hcvvet-testdb-")) / "test.sqlite3")
    }
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"user": "1000000/hour", "login": "1000/minute"},
}
# Tests that check the sign-in lockout set their own limit; the others may fail a sign-in now and then.
HCVVET_LOGIN_FAILURE_LIMIT = 1000
HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT = 1000
# Tests that need a replica make their own (tests/scale_db); one from the environment would be an alias that
# the test database set-up never creates.
DATABASES.pop("replica", None)
if os.environ.get("HCVVET_TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without clobbering each other's test database.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["HCVVET_TEST_DB_NAME"]

_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and REDIS_URL:
    # Each pytest-xdist worker gets its own Redis database: Celery workers started by integration tests
    # consume the default queue, and two sharing one database would run each other's tasks against the
    # wrong test database. Child processes (real workers) inherit the rewritten REDIS_URL.
    REDIS_URL = re.sub(r"(/\d+)?/?$", f"/{int(_xdist_worker[2:]) + 1}", REDIS_URL, count=1)
    os.environ["REDIS_URL"] = CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
# After the rewrite above: each worker's reports are cached in its own Redis database. Throttle and sign-in
# failure counts are kept apart per run and per pytest-xdist worker, and shared with that worker's children.
if not os.environ.get("HCVVET_TEST_CACHE_RUN"):
    os.environ["HCVVET_TEST_CACHE_RUN"] = tempfile.mkdtemp(prefix="hcvvet-cache-")
_run = os.environ["HCVVET_TEST_CACHE_RUN"]
CACHES = caches_for(
    REDIS_URL,
    shared_dir=Path(_run) / (_xdist_worker or "main"),
    throttle_prefix=f"hcvvet-throttle-{Path(_run).name}-{_xdist_worker}",
)
