from django.urls import path

from . import views_adjudication

app_name = "adjudication"

urlpatterns = [
    path("", views_adjudication.queue, name="queue"),
    path("<int:item_id>/decide", views_adjudication.decide, name="decide"),
    path("<int:campaign_id>/<int:match_id>/", views_adjudication.dispute, name="dispute"),
    path("<int:campaign_id>/<int:match_id>.json", views_adjudication.dispute_json, name="dispute_json"),
    path("<int:campaign_id>/<int:match_id>/decide.json", views_adjudication.decide_json, name="decide_json"),
    path("<int:campaign_id>/upcoming.json", views_adjudication.dispute_upcoming, name="upcoming"),
]
