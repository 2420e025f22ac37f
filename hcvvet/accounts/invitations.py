"""Account life, curated: a curator invites a person by a one-time link, deactivates an account without
touching what it wrote (labels, events, adjudications stay, under its name), and reactivates it.

The one-time link is Django's password-reset confirmation: its token is made from the account's password
hash and last login, so it dies when the password is set (and after PASSWORD_RESET_TIMEOUT).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from .models import Role, User


class AccountError(ValueError):
    """A curator's account request that cannot be carried out; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_curator(user: User) -> None:
    if not user.is_curator:
        raise AccountError("only curators manage accounts")


def password_link(user: User) -> str:
    """The path of the one-time page on which `user` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def invitation_create(
    *, inviter: User, username: str, email: str, role: str, site_url: str
) -> tuple[User, str]:
    """A new account with `role` and no password, and the one-time link (under `site_url`) on which its owner
    chooses one; the link is e-mailed to `email` and returned, so the curator can also pass it on."""
    _require_curator(inviter)
    username = username.strip()
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as e:
        raise AccountError(" ".join(e.messages), field="username") from e
    if not username or len(username) > User._meta.get_field("username").max_length:
        raise AccountError("give a user name of 1 to 150 characters", field="username")
    try:
        validate_email(email)
    except ValidationError as e:
        raise AccountError("give the e-mail address the link should go to", field="email") from e
    if role not in Role.ALL:
        raise AccountError(f"role must be one of {', '.join(Role.ALL)}", field="role")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(f"an account named {username} exists already", field="username")
        user = User(username=username, email=email, is_staff=role == Role.CURATOR)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
    link = site_url.rstrip("/") + password_link(user)
    send_mail(
        subject="Your hcvvet account",
        message=(
            f"{inviter.get_username()} invited you to vet candidate variables in hcvvet as {role}.\n\n"
            f"Your user name: {username}\nChoose your password here (the link works once, for "
            f"{settings.PASSWORD_RESET_TIMEOUT // 3600} hours):\n{link}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
    return user, link


def account_deactivate(*, curator: User, user: User) -> None:
    """`user` can no longer sign in or use the API (its token is deleted; an open session ends at its next
    request); everything it wrote stays."""
    _require_curator(curator)
    if user.pk == curator.pk:
        raise AccountError("you cannot deactivate your own account")
    User.objects.filter(pk=user.pk).update(is_active=False)
    Token.objects.filter(user_id=user.pk).delete()


def account_reactivate(*, curator: User, user: User) -> None:
    """`user` may sign in again with the password it had."""
    _require_curator(curator)
    User.objects.filter(pk=user.pk).update(is_active=True)
