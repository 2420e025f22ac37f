from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .accounts.views import LoginView
from .health import healthz
from .review import views as review_views

# A URL under /api/ that matches no route is a JSON 404, as the API documents.
handler404 = "hcvvet.api.exceptions.not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("hcvvet.api.urls")),
    path("reports/", include("hcvvet.reports.urls")),
    path("ingest/", include("hcvvet.ingest.urls")),
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
