"""Cell meeting pages (namespace "meetings", at /sinh-hoat/)."""

from django.urls import path

from dangbo.meetings.views import compliance

app_name = "meetings"
urlpatterns = [
    # compliance and statistics
    path("canh-bao/", compliance.alerts_page, name="alerts"),
    path("canh-bao/xlsx/", compliance.alerts_export, name="alerts_xlsx"),
    path("xep-loai/", compliance.ratings_page, name="ratings"),
    path("xep-loai/xlsx/", compliance.ratings_export, name="ratings_xlsx"),
]
