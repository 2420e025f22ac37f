"""Sign-in forms (the login page and the admin's) that say so when the sign-in lockout refuses a pair."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .lockout import is_locked_out, lockout_message

LOCKED_OUT = "locked_out"


class LockoutFormMixin:
    def clean(self):
        username = self.cleaned_data.get("username")
        if self.request is not None and username and is_locked_out(request=self.request, username=username):
            raise ValidationError(lockout_message(), code=LOCKED_OUT)
        return super().clean()


class LoginForm(LockoutFormMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutFormMixin, AdminAuthenticationForm):
    pass
