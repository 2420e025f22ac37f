"""Token authentication whose tokens expire (HCVVET_TOKEN_LIFETIME_SECONDS after they were issued)."""

from rest_framework import authentication, exceptions

from hcvvet.accounts.services import token_expired


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(
                "The token has expired: ask /api/auth/token/ for a new one."
            )
        return user, token
