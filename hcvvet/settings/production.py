"""Production settings: refuses to start without SECRET_KEY; secure cookies, HSTS, HTTPS redirect."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403 (a settings module extends base with all of it)
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
DEBUG = False
# Only the hosts this deploy answers for (the test client's `testserver` is no production host).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
HCVVET_SERVE_MEDIA = env_bool("HCVVET_SERVE_MEDIA", False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Container health checks probe plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
