from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .accounts.views import LoginView
from .health import healthz
from .observability.views import metrics
from .review import views as review_views

# A URL under /api/ that matches no route is a JSON 404, as the API documents.
handler404 = "hcvvet.api.exceptions.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Forgotten passwords and invitations: Django's own views (the link works once; accounts/invitations.py)
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/set/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("team/", include("hcvvet.curation.team_urls")),
    path("admin/", admin.site.urls),
    path("api/", include("hcvvet.api.urls")),
    path("reports/", include("hcvvet.reports.urls")),
    path("ingest/", include("hcvvet.ingest.urls")),
    path("campaigns/", include("hcvvet.curation.urls")),
    path("", review_views.home, name="home"),
    path("adjudication/", include("hcvvet.review.urls_adjudication")),
    path("", include("hcvvet.review.urls")),
]

if settings.HCVVET_SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        ),
    ]
