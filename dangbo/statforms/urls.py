"""The statistics forms (issue 10): a form of an org for a period, and the members behind one of its figures."""

from django.urls import path

from dangbo.statforms.views import forms, snapshots

app_name = "statforms"
urlpatterns = [
    path("", forms.table, name="table"),
    path("danh-sach/", forms.members, name="members"),
    path("tao-bo/<int:pk>/", forms.set_job, name="set_job"),
    path("tao-bo-toan-quoc/", forms.country_job, name="country_job"),
    path("chot-so/", snapshots.children, name="children"),
    path("chot-so/<int:pk>/chot/", snapshots.finalise, name="finalise"),
    path("doi-chieu/<int:pk>/", snapshots.compare, name="compare"),
]
