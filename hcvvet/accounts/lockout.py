"""Sign-in lockout, counted on the shared `throttle` cache (Redis when REDIS_URL is set, so every process
shares it), within HCVVET_LOGIN_LOCKOUT_SECONDS of the first failure:

- after HCVVET_LOGIN_FAILURE_LIMIT failed sign-ins for one username from one client address, that pair is
  refused until the period ends (guessing one account's password);
- after HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT failed sign-ins from one client address, whatever the usernames,
  that address is refused (trying a few passwords on many accounts). A success clears the pair's count, not
  the address's: one account the caller knows must not reset the count of all the others it tries.

Every sign-in path obeys it (the login page, the admin's, the API token): the authentication backend refuses
a locked pair or address before any password is checked, and Django's `user_login_failed` signal counts the
failures.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from .addresses import client_address

CACHE_ALIAS = "throttle"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _pair_key(address: str, username: str) -> str:
    pair = f"{address}\n{username.casefold()}"
    return f"login-failures:{_digest(pair)}"


def _address_key(address: str) -> str:
    return f"login-address-failures:{_digest(address)}"


def is_locked_out(*, request: HttpRequest, username: str) -> bool:
    """Whether sign-ins as `username` from this request's address are refused now: the pair or the whole
    address reached its limit (one cache round trip)."""
    address = client_address(request)
    pair, whole = _pair_key(address, username), _address_key(address)
    failures = caches[CACHE_ALIAS].get_many([pair, whole])
    return (
        failures.get(pair, 0) >= settings.HCVVET_LOGIN_FAILURE_LIMIT
        or failures.get(whole, 0) >= settings.HCVVET_LOGIN_ADDRESS_FAILURE_LIMIT
    )


def _count(key: str) -> int:
    cache = caches[CACHE_ALIAS]
    cache.add(key, 0, timeout=settings.HCVVET_LOGIN_LOCKOUT_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.HCVVET_LOGIN_LOCKOUT_SECONDS)
        return 1


def record_failure(*, request: HttpRequest, username: str) -> int:
    """Count one failed sign-in for the pair and for the address; the number of failures of this pair in
    the current period."""
    address = client_address(request)
    _count(_address_key(address))
    return _count(_pair_key(address, username))


def clear_failures(*, request: HttpRequest, username: str) -> None:
    """After a successful sign-in: the pair starts again (the address keeps its count)."""
    caches[CACHE_ALIAS].delete(_pair_key(client_address(request), username))


def lockout_message() -> str:
    minutes = math.ceil(settings.HCVVET_LOGIN_LOCKOUT_SECONDS / 60)
    return (
        "Too many failed sign-ins from your address: "
        f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


def on_login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """`user_login_failed` receiver: a failure counts only where the request (its address) is known."""
    username = credentials.get("username")
    if request is not None and isinstance(username, str) and username:
        record_failure(request=request, username=username)
