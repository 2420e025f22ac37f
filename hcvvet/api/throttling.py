"""API throttles on the shared `throttle` cache (Redis when REDIS_URL is set), counting the client address of
hcvvet/accounts/addresses.py (X-Forwarded-For only from trusted proxies): requests per user, and token
sign-ins per address, which also obey the sign-in lockout of one username from one address."""

from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import exceptions, throttling
from rest_framework.settings import api_settings

from hcvvet.accounts.addresses import client_address
from hcvvet.accounts.lockout import CACHE_ALIAS, is_locked_out, lockout_message


class SharedThrottle:
    cache = ConnectionProxy(caches, CACHE_ALIAS)

    def get_ident(self, request) -> str:
        return client_address(request)


class UserRateThrottle(SharedThrottle, throttling.UserRateThrottle):
    """Requests per signed-in user (per address for anonymous ones): rate `user`."""


class LoginRateThrottle(SharedThrottle, throttling.SimpleRateThrottle):
    """Token sign-ins per client address: rate `login`; a locked username and address pair is a 429."""

    scope = "login"

    def get_rate(self) -> str | None:
        # Read at request time (not import time) so a changed setting takes effect without a restart.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        if isinstance(username, str) and username and is_locked_out(request=request, username=username):
            raise exceptions.Throttled(wait=settings.HCVVET_LOGIN_LOCKOUT_SECONDS, detail=lockout_message())
        return super().allow_request(request, view)
