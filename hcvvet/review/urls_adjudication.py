from django.urls import path

from . import views_adjudication

app_name = "adjudication"

urlpatterns = [
    path("", views_adjudication.queue, name="queue"),
    path("<int:item_id>/decide", views_adjudication.decide, name="decide"),
]
