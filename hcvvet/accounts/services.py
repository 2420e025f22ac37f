from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .models import Role, User


def user_create(*, username: str, password: str, roles: tuple[str, ...] = (), email: str = "") -> User:
    """Create a user with the given roles, or update the password and roles of an existing one.

    Curators get staff status: they work in the Django admin.
    """
    user, _ = User.objects.get_or_create(username=username, defaults={"email": email})
    user.set_password(password)
    user.is_staff = user.is_staff or Role.CURATOR in roles
    user.save(update_fields=["password", "is_staff"])
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user


def token_expired(token: Token) -> bool:
    """Whether an API token has outlived HCVVET_TOKEN_LIFETIME_SECONDS since it was issued."""
    return timezone.now() - token.created > timedelta(seconds=settings.HCVVET_TOKEN_LIFETIME_SECONDS)


def token_issue(*, user: User) -> Token:
    """The user's API token: the current one while it lasts, else a new one (the expired one is deleted)."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token
