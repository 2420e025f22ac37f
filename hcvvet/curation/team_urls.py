from django.urls import path

from . import team

app_name = "team"

urlpatterns = [
    path("", team.team, name="index"),
    path("<int:user_id>/deactivate", team.deactivate, name="deactivate"),
    path("<int:user_id>/reactivate", team.reactivate, name="reactivate"),
]
