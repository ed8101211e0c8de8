"""The admission pipeline (phát triển đảng viên): candidates of a subtree, a candidate's file and its steps."""

from django.urls import path

from dangbo.admissions import views

app_name = "admissions"
urlpatterns = [
    path("", views.candidates, name="list"),
    path("chi-bo/<int:pk>/them/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/buoc/<str:step>/", views.step_record, name="step"),
    path("<int:pk>/nguoi-gioi-thieu/", views.introducer_add, name="introducer_add"),
]
