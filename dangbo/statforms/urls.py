"""The statistics forms (issue 10): a form of an org for a period, and the members behind one of its figures."""

from django.urls import path

from dangbo.statforms import views, views_snapshots

app_name = "statforms"
urlpatterns = [
    path("", views.table, name="table"),
    path("danh-sach/", views.members, name="members"),
    path("tao-bo/<int:pk>/", views.set_job, name="set_job"),
    path("tao-bo-toan-quoc/", views.country_job, name="country_job"),
    path("chot-so/", views_snapshots.children, name="children"),
    path("chot-so/<int:pk>/chot/", views_snapshots.finalise, name="finalise"),
    path("doi-chieu/<int:pk>/", views_snapshots.compare, name="compare"),
]
