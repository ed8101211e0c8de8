"""Transfers (chuyển sinh hoạt đảng) with their letters: the lists of an org's subtree, a letter, issuing one."""

from django.urls import path

from dangbo.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.letters, name="list"),
    path("chua-den/", views.not_arrived, name="not_arrived"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/docx/", views.letter_docx, name="docx"),
    path("<int:pk>/nhan/", views.receive, name="receive"),
    path("dang-vien/<int:pk>/cap-giay/", views.issue, name="issue"),
    path("chon-chi-bo/", views.cell_picker, name="cell_picker"),
]
