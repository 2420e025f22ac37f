"""The authentication backend: Django's model backend behind the sign-in lockout (accounts/lockout.py)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .lockout import clear_failures, is_locked_out, lockout_message


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        """A locked username and address pair is refused before its password is checked (PermissionDenied
        stops every backend); a success clears the pair's failures. Without a request (a management command,
        the test client's login) there is no address, so no lockout."""
        if (
            request is not None
            and isinstance(username, str)
            and is_locked_out(request=request, username=username)
        ):
            raise PermissionDenied(lockout_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and request is not None and isinstance(username, str):
            clear_failures(request=request, username=username)
        return user
