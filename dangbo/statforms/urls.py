"""The statistics forms (issue 10): a form of an org for a period, and the members behind one of its figures."""

from django.urls import path

from dangbo.statforms import views

app_name = "statforms"
urlpatterns = [
    path("", views.table, name="table"),
    path("danh-sach/", views.members, name="members"),
]
