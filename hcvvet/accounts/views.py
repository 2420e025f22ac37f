"""The login page: Django's, with the sign-in lockout's refusal as a 429 with its message on the form."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS

from .forms import LOCKED_OUT, LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, LOCKED_OUT):
            response.status_code = 429
        return response
