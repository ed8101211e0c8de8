from django.urls import path

from dangbo.reports import views

app_name = "reports"
urlpatterns = [
    path("van-ban/<int:pk>/", views.document_report, name="document_report"),
]
