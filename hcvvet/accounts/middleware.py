"""Anonymous users see only the login and password-link pages, /healthz, /metrics (which checks its own
access), static files and the API's own auth answers."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/password/",
    "/healthz",
    "/metrics",
    "/static/",
    "/api/",
    "/admin/login/",
)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API answers 401/403 itself (token or session auth), so it is not redirected here.
        # The path is checked first: open paths need no session look-up.
        if request.path.startswith(OPEN_PREFIXES) or request.user.is_authenticated:
            return self.get_response(request)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
