"""Sign-in lockout: after HCVVET_LOGIN_FAILURE_LIMIT failed sign-ins for one username from one client address
within HCVVET_LOGIN_LOCKOUT_SECONDS of the first, that pair is refused until the period ends.

Every sign-in path obeys it (the login page, the admin's, the API token): the authentication backend refuses
a locked pair before any password is checked, and Django's `user_login_failed` signal counts the failures.
The counts sit in the `throttle` cache, which every process shares (Redis when REDIS_URL is set).
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from .addresses import client_address

CACHE_ALIAS = "throttle"


def _key(request: HttpRequest, username: str) -> str:
    pair = f"{client_address(request)}\n{username.casefold()}".encode("utf-8", "surrogatepass")
    return f"login-failures:{hashlib.sha256(pair).hexdigest()}"


def is_locked_out(*, request: HttpRequest, username: str) -> bool:
    failures = caches[CACHE_ALIAS].get(_key(request, username), 0)
    return failures >= settings.HCVVET_LOGIN_FAILURE_LIMIT


def record_failure(*, request: HttpRequest, username: str) -> int:
    """Count one failed sign-in; the number of failures of this pair in the current period."""
    cache, key = caches[CACHE_ALIAS], _key(request, username)
    cache.add(key, 0, timeout=settings.HCVVET_LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.HCVVET_LOGIN_LOCKOUT_SECONDS)
        return 1


def clear_failures(*, request: HttpRequest, username: str) -> None:
    caches[CACHE_ALIAS].delete(_key(request, username))


def lockout_message() -> str:
    minutes = math.ceil(settings.HCVVET_LOGIN_LOCKOUT_SECONDS / 60)
    return (
        "Too many failed sign-ins for this username from your address: "
        f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """`user_login_failed` receiver: a failure counts only where the request (its address) is known."""
    username = credentials.get("username")
    if request is not None and isinstance(username, str) and username:
        record_failure(request=request, username=username)
