from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.job_index, name="index"),
    path("jobs/<int:pk>/", views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/status.json", views.job_status_json, name="job-status"),
]
