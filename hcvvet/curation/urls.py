from django.urls import path

from . import views

app_name = "curation"

urlpatterns = [
    path("new/", views.campaign_new, name="campaign_new"),
    path("count.json", views.campaign_count, name="campaign_count"),
]
