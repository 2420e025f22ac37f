from django.urls import path

from . import views, views_triage

app_name = "review"

urlpatterns = [
    path("review/", views.review_next, name="review"),
    path("review/<int:campaign_id>/", views.review_next, name="review_campaign"),
    path("review/<int:campaign_id>/<int:match_id>/", views.candidate, name="candidate"),
    path("review/<int:campaign_id>/<int:match_id>.json", views.candidate_json, name="candidate_json"),
    path("review/<int:campaign_id>/upcoming.json", views.upcoming_json, name="upcoming"),
    path("review/<int:campaign_id>/<int:match_id>/label", views.label, name="label"),
    path("review/<int:campaign_id>/<int:match_id>/skip", views.skip, name="skip"),
    path("review/<int:campaign_id>/undo", views.undo, name="undo"),
    path(
        "review/<int:campaign_id>/<int:match_id>/epochs/<int:measurement_id>/reject",
        views.reject_epoch,
        name="reject_epoch",
    ),
    path(
        "review/<int:campaign_id>/<int:match_id>/epochs/<int:measurement_id>/restore",
        views.restore_epoch,
        name="restore_epoch",
    ),
    path(
        "review/<int:campaign_id>/<int:match_id>/epochs/<int:measurement_id>/flag-image",
        views.flag_image,
        name="flag_image",
    ),
    path(
        "review/<int:campaign_id>/<int:match_id>/epochs/<int:measurement_id>/unflag-image",
        views.unflag_image,
        name="unflag_image",
    ),
    path("triage/anchoring/", views_triage.anchoring, name="anchoring"),
    path("triage/estimates/", views_triage.estimates, name="estimates"),
    path("triage/estimates.<str:fmt>", views_triage.estimates_download, name="estimates_download"),
    path("review/context/<int:group_id>/<str:filters>.json", views.context_json, name="context"),
    path("review/cutouts/<int:cutout_id>.jpg", views.cutout, name="cutout"),
]
