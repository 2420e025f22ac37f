from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("import/", views.labelled_import, name="import"),
    path("labelled-candidates.<str:fmt>", views.labelled_download, name="labelled"),
    path("<slug:name>.<str:fmt>", views.report_download, name="download"),
]
