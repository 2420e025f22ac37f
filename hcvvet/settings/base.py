"""Settings shared by every run mode; everything deploy-specific comes from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from bokeh.util.paths import bokehjs_path
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HCVVET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "hcvvet.accounts",
    "hcvvet.catalog",
    "hcvvet.ingest",
    "hcvvet.vetting",
    "hcvvet.reports",
    "hcvvet.triage",
    "hcvvet.review",
    "hcvvet.api",
    "hcvvet.curation",
    "hcvvet.demo",
    "django_prometheus",
    "hcvvet.observability",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "hcvvet.observability.context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hcvvet.accounts.middleware.LoginRequiredMiddleware",
    "hcvvet.db_router.ReplicaReadsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "hcvvet.urls"
WSGI_APPLICATION = "hcvvet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hcvvet.ingest.context_processors.ingest_activity",
            ],
        },
    },
]


def database_alias(url: str, *, transaction_pooling: bool) -> dict:
    """One DATABASES entry from a URL.

    Behind a pooler in transaction mode (pgbouncer's `pool_mode = transaction`) each transaction may run on
    another server connection, so no state may outlive a transaction: `.iterator()` then reads through a plain
    cursor, never a WITH HOLD server-side cursor that a later FETCH would not find. The rest already holds:
    Django's psycopg 3 backend prepares no statements and binds parameters on the client, and hcvvet keeps no
    session state (no SET, advisory lock or LISTEN; its temporary tables are ON COMMIT DROP)."""
    alias = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")))
    if alias["ENGINE"] == "django.db.backends.postgresql":
        alias["DISABLE_SERVER_SIDE_CURSORS"] = transaction_pooling
    elif alias["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the Celery worker writes. IMMEDIATE transactions take the write
        # lock when they begin (one that reads, then writes, never fails to upgrade); a writer waits up to
        # `timeout` seconds for the one in progress, and the ingest leaves the lock free between its own
        # transactions (hcvvet/ingest/services/turns.py), so a label save never waits behind a whole ingest.
        alias["OPTIONS"] = {
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    return alias


DATABASE_TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING")
DATABASES = {
    "default": database_alias(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hcvvet.sqlite3'}"),
        transaction_pooling=DATABASE_TRANSACTION_POOLING,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if os.environ.get("DATABASE_REPLICA_URL"):
    # Reports and exports read here (hcvvet/db_router.py).
    DATABASES["replica"] = database_alias(
        os.environ["DATABASE_REPLICA_URL"], transaction_pooling=DATABASE_TRANSACTION_POOLING
    )
DATABASE_ROUTERS = ["hcvvet.db_router.ReplicaRouter"]
# GET and HEAD requests under these paths (reports and exports) read from the replica when there is one.
HCVVET_REPLICA_READ_PATHS = env_list("HCVVET_REPLICA_READ_PATHS", "/reports/,/api/reports/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# BokehJS comes from the bokeh package itself (never a CDN): /static/bokeh/bokeh.min.js etc.
STATICFILES_DIRS = [BASE_DIR / "static", ("bokeh", str(bokehjs_path() / "js"))]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# The embedded run mode serves static files straight from the finders (no collectstatic step).
WHITENOISE_USE_FINDERS = env_bool("HCVVET_STATIC_FINDERS", False)
# The embedded run mode serves cutouts itself (to signed-in users); production puts MEDIA behind the web
# server.
HCVVET_SERVE_MEDIA = env_bool("HCVVET_SERVE_MEDIA", True)
# Every file hcvvet writes or serves (cutouts, triage models) goes through the `default` storage: files under
# MEDIA_ROOT in the embedded run mode; an S3-compatible bucket (AWS S3, MinIO, Ceph) when HCVVET_S3_BUCKET is
# set, so a file one host writes is there for every other. Browsers get cutouts through the web process
# (review:cutout), so the bucket stays private and on the internal network (README "Running at scale").
HCVVET_S3_BUCKET = os.environ.get("HCVVET_S3_BUCKET", "")


def default_storage_for(bucket: str) -> dict:
    """The `default` storage: the bucket with the AWS_* settings from the environment (keys are read by
    boto3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), or the local filesystem without a bucket."""
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("HCVVET_S3_PREFIX", ""),
            # MinIO and Ceph behind one endpoint name answer path-style requests only.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"),
            "default_acl": None,
            # As the filesystem does: a name taken gets a suffix, nothing is overwritten.
            "file_overwrite": False,
            # Any URL the storage hands out (an API client's, the admin's) is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("HCVVET_S3_URL_SECONDS", "300")),
        },
    }


STORAGES = {
    "default": default_storage_for(HCVVET_S3_BUCKET),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery -------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_FILESYSTEM_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "broker"))
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost//"  # a host, or kombu warns on every connection
CELERY_RESULT_BACKEND = REDIS_URL or os.environ.get("CELERY_RESULT_BACKEND", f"file://{VAR_DIR / 'results'}")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "600"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "660"))
# A queue per kind of work, so a busy cutout prefetch or model training never holds up an ingest: production
# runs a worker per queue (`celery worker -Q cutouts`, docker-compose.yml); a worker started without -Q (the
# demo's, the tests') takes every queue of HCVVET_CELERY_QUEUES (hcvvet/celery.py). Unrouted tasks (the
# health ping) go to the default queue, `celery`. Exact names win over patterns.
HCVVET_CELERY_QUEUES = ("celery", "ingest", "cutouts", "triage", "reports")
CELERY_TASK_ROUTES = {
    "hcvvet.ingest.cutouts": {"queue": "cutouts"},
    "hcvvet.ingest.retry_missing_cutouts": {"queue": "cutouts"},
    "hcvvet.ingest.*": {"queue": "ingest"},
    "hcvvet.triage.*": {"queue": "triage"},
    "hcvvet.reports.*": {"queue": "reports"},
}
# Triage (hcvvet/triage/tasks.py): beat checks every HCVVET_TRIAGE_CHECK_MINUTES whether
# HCVVET_TRIAGE_RETRAIN_EVERY new decided labels (0: never on labels) or a campaign's own `retrain_after` came
# in, and retrains every night at HCVVET_TRIAGE_NIGHTLY_HOUR UTC; both on the "triage" queue.
HCVVET_TRIAGE_RETRAIN_EVERY = int(os.environ.get("HCVVET_TRIAGE_RETRAIN_EVERY", "200"))
CELERY_BEAT_SCHEDULE = {
    "triage-retrain-if-due": {
        "task": "hcvvet.triage.tasks.retrain_if_due",
        "schedule": 60.0 * float(os.environ.get("HCVVET_TRIAGE_CHECK_MINUTES", "5")),
    },
    "triage-nightly-retrain": {
        "task": "hcvvet.triage.tasks.retrain",
        "schedule": crontab(hour=int(os.environ.get("HCVVET_TRIAGE_NIGHTLY_HOUR", "3")), minute=17),
        "kwargs": {"reason": "nightly"},
    },
    # Ingest jobs and parts whose worker died (a worker's start also sweeps, hcvvet/ingest/tasks.py).
    "ingest-resume-stale": {"task": "hcvvet.ingest.resume_stale", "schedule": 60.0},
}


# --- Sign-in and client addresses ----------------------------------------------------------------------
# Proxies (addresses or networks) whose X-Forwarded-For is believed; none by default, so the client address
# is the connection's own. Sign-ins that fail HCVVET_LOGIN_FAILURE_LIMIT times for one username from one
# address are refused for HCVVET_LOGIN_LOCKOUT_SECONDS, on every sign-in path (hcvvet/accounts/lockout.py).
HCVVET_TRUSTED_PROXIES = env_list("HCVVET_TRUSTED_PROXIES")
for _proxy in HCVVET_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"HCVVET_TRUSTED_PROXIES: {_error}") from _error
HCVVET_LOGIN_FAILURE_LIMIT = int(os.environ.get("HCVVET_LOGIN_FAILURE_LIMIT", "5"))
HCVVET_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("HCVVET_LOGIN_LOCKOUT_SECONDS", "900"))
# Failed sign-ins from one address, whatever the usernames, before that address is refused for the period.
HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AUTHENTICATION_BACKENDS = ["hcvvet.accounts.backends.LockoutModelBackend"]
# API tokens stop working this long after they were issued, and a password change revokes them.
HCVVET_TOKEN_LIFETIME_SECONDS = int(os.environ.get("HCVVET_TOKEN_LIFETIME_SECONDS", str(30 * 24 * 3600)))
# Invitation and password links (one use) last this long. Mail goes out by SMTP when EMAIL_HOST is set, else
# it is printed on the console (the embedded default: the demo shows the links in its log).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("HCVVET_PASSWORD_LINK_SECONDS", str(3 * 24 * 3600)))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'console'}.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hcvvet <hcvvet@localhost>")


def caches_for(
    redis_url: str, *, shared_dir: Path, throttle_prefix: str = "hcvvet-throttle"
) -> dict[str, dict]:
    """Reports are kept while their data is unchanged (hcvvet/reports/cache.py; a few kB each), and so are the
    review page's group context plots (`default`, hcvvet/review/page.py): in Redis when there is one, so every
    gunicorn worker and host shares them, else in each process's memory. Throttle and
    sign-in failure counts (`throttle`) must be shared by every process that answers requests: in Redis when
    there is one, else in files under `shared_dir` (every worker of one host). Never call clear() on a Redis
    alias: it would flush the database the Celery broker shares."""
    if redis_url:
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        default = {**redis, "KEY_PREFIX": "hcvvet-default"}
        reports = {**redis, "KEY_PREFIX": "hcvvet"}
        throttle = {**redis, "KEY_PREFIX": throttle_prefix}
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        reports = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hcvvet-reports",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        }
        throttle = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(shared_dir / "throttle-cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    # incr() keeps the first failure's expiry in Redis; the file cache re-sets it to this default.
    throttle["TIMEOUT"] = HCVVET_LOGIN_LOCKOUT_SECONDS
    return {
        "default": default,
        "reports": reports,
        "throttle": throttle,
    }


CACHES = caches_for(REDIS_URL, shared_dir=VAR_DIR)

# --- MAST ---------------------------------------------------------------------------------------------
CASJOBS_USERID = os.environ.get("CASJOBS_USERID", "")
CASJOBS_PW = os.environ.get("CASJOBS_PW", "")
HCVVET_MAST_SANDBOX = os.environ.get("HCVVET_MAST_SANDBOX", "").rstrip("/")


def mast_url(name: str, real_default: str, sandbox_path: str) -> str:
    """A MAST URL: explicit env var first, then derived from the sandbox base, then the real MAST URL."""
    if os.environ.get(name):
        return os.environ[name].rstrip("/")
    if HCVVET_MAST_SANDBOX:
        return HCVVET_MAST_SANDBOX + sandbox_path
    return real_default


HCVVET_CASJOBS_URL = mast_url(
    "HCVVET_CASJOBS_URL",
    "https://mastweb.stsci.edu/ps1casjobs/services/jobs.asmx",
    "/casjobs/services/jobs.asmx",
)
HCVVET_CASJOBS_LOGIN_URL = mast_url(
    "HCVVET_CASJOBS_LOGIN_URL",
    "https://mastweb.stsci.edu/ps1casjobs/casusers.asmx/GetWebServiceId",
    "/casjobs/casusers.asmx/GetWebServiceId",
)
HCVVET_CASJOBS_FAST_URL = mast_url(
    "HCVVET_CASJOBS_FAST_URL",
    "https://ps1images.stsci.edu/cgi-bin/quick_casjobs.cgi",
    "/cgi-bin/quick_casjobs.cgi",
)
HCVVET_CASJOBS_CONTEXT = os.environ.get("HCVVET_CASJOBS_CONTEXT", "HSCv3")
HCVVET_MAST_INVOKE_URL = mast_url(
    "HCVVET_MAST_INVOKE_URL", "https://mast.stsci.edu/api/v0/invoke", "/api/v0/invoke"
)
HCVVET_FITSCUT_URL = mast_url(
    "HCVVET_FITSCUT_URL", "https://hla.stsci.edu/cgi-bin/fitscut.cgi", "/cgi-bin/fitscut.cgi"
)
HCVVET_CATALOGS_URL = mast_url(
    "HCVVET_CATALOGS_URL", "https://catalogs.mast.stsci.edu/api/v0.1/hsc", "/api/v0.1/hsc"
)
HCVVET_MAST_TIMEOUT_SECONDS = float(os.environ.get("HCVVET_MAST_TIMEOUT_SECONDS", "30"))
HCVVET_CUTOUT_CONCURRENCY = int(os.environ.get("HCVVET_CUTOUT_CONCURRENCY", "4"))
# The HCV release the catalogue rows come from; every export cites it (`reports.exports.citation`).
HCVVET_HCV_RELEASE = "HCV 1.0 (HSC v3)"

# --- Content Security Policy (django-csp) ----------------------------------------------------------------
# Scripts only from this site (BokehJS and the Swagger UI are served from here, never a CDN), or an inline one
# carrying the request's nonce (`{{ request.csp_nonce }}`; the header names it only when a page uses it).
# Styles may be inline: Bokeh and the Swagger UI set them at run time. Images: cutouts from here, and the
# data: and blob: images Bokeh's toolbar and its save tool make.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- REST framework -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hcvvet.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["hcvvet.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "hcvvet.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "hcvvet.api.exceptions.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["hcvvet.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("HCVVET_API_RATE", "6000/hour"), "login": "20/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "hcvvet API",
    "DESCRIPTION": "Vetting candidate variables of the Hubble Catalog of Variables.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema enum per domain choice set, whichever model field or filter uses it.
    "ENUM_NAME_OVERRIDES": {
        "ExpertClassEnum": "hcvvet.catalog.models.ExpertClass",
        "AutoClassEnum": "hcvvet.catalog.models.AutoClass",
        "LabelClassEnum": "hcvvet.api.serializers.LABEL_CLASS_CHOICES",
    },
}

# --- Logs and metrics -----------------------------------------------------------------------------------
# HCVVET_LOG_FORMAT=json: one JSON object per line, with the request id and the ingest job id
# (hcvvet/observability). Celery workers then leave the root logger to these settings.
HCVVET_LOG_FORMAT = os.environ.get("HCVVET_LOG_FORMAT", "plain")
if HCVVET_LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"HCVVET_LOG_FORMAT must be plain or json, not {HCVVET_LOG_FORMAT!r}")
CELERY_WORKER_HIJACK_ROOT_LOGGER = HCVVET_LOG_FORMAT == "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "hcvvet.observability.context.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "hcvvet.observability.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": HCVVET_LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
# /metrics answers these networks (the client address as HCVVET_TRUSTED_PROXIES resolves it) and any client
# sending `Authorization: Bearer <HCVVET_METRICS_TOKEN>`. A Celery worker serves its task metrics on
# HCVVET_WORKER_METRICS_PORT (off when 0); prefork workers need PROMETHEUS_MULTIPROC_DIR.
HCVVET_METRICS_ALLOWED_NETWORKS = env_list("HCVVET_METRICS_ALLOWED_NETWORKS", "127.0.0.1/32,::1/128")
for _network in HCVVET_METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"HCVVET_METRICS_ALLOWED_NETWORKS: {_error}") from _error
HCVVET_METRICS_TOKEN = os.environ.get("HCVVET_METRICS_TOKEN", "")
HCVVET_WORKER_METRICS_PORT = int(os.environ.get("HCVVET_WORKER_METRICS_PORT", "0"))
HCVVET_WORKER_METRICS_ADDRESS = os.environ.get("HCVVET_WORKER_METRICS_ADDRESS", "127.0.0.1")

# --- Ingest -------------------------------------------------------------------------------------------
# MatchIDs per light-curve query; seconds before a stalled run's lease is taken over; retry backoff
# base (base * 2**n); retries; seconds of work per task before it re-queues itself; candidates whose
# cutouts are prefetched; cutout attempts.
HCVVET_INGEST_BATCH_MATCHIDS = int(os.environ.get("HCVVET_INGEST_BATCH_MATCHIDS", "400"))
HCVVET_INGEST_LEASE_SECONDS = float(os.environ.get("HCVVET_INGEST_LEASE_SECONDS", "20"))
HCVVET_INGEST_RETRY_BASE_SECONDS = float(os.environ.get("HCVVET_INGEST_RETRY_BASE_SECONDS", "2"))
HCVVET_INGEST_MAX_RETRIES = int(os.environ.get("HCVVET_INGEST_MAX_RETRIES", "8"))
HCVVET_INGEST_TASK_BUDGET_SECONDS = float(os.environ.get("HCVVET_INGEST_TASK_BUDGET_SECONDS", "300"))
HCVVET_INGEST_PREFETCH_CANDIDATES = int(os.environ.get("HCVVET_INGEST_PREFETCH_CANDIDATES", "50"))
HCVVET_INGEST_CUTOUT_ATTEMPTS = int(os.environ.get("HCVVET_INGEST_CUTOUT_ATTEMPTS", "3"))
# A whole-catalogue ingest runs in parts, one task each (hcvvet/ingest/services/parts.py): objects per summary
# part (whole groups) and MatchIDs per light-curve part.
HCVVET_INGEST_PART_SUMMARY_OBJECTS = int(os.environ.get("HCVVET_INGEST_PART_SUMMARY_OBJECTS", "100000"))
HCVVET_INGEST_PART_MATCHIDS = int(os.environ.get("HCVVET_INGEST_PART_MATCHIDS", "2000"))
