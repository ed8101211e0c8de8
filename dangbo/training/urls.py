"""Training classes: the list of an org's classes, opening one, a class, editing it with its learners, the learner picker."""

from django.urls import path

from dangbo.training import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.classes, name="classes"),
    path("<int:pk>/can-boi-duong/", views.needs, name="needs"),
    path("<int:pk>/can-boi-duong/xlsx/", views.needs_xlsx, name="needs_xlsx"),
    path("<int:pk>/mo-lop/", views.class_create, name="class_create"),
    path("lop/<int:pk>/", views.detail, name="detail"),
    path("lop/<int:pk>/sua/", views.class_update, name="class_update"),
    path("lop/<int:pk>/chon-hoc-vien/", views.learner_picker, name="learner_picker"),
    path("lop/<int:pk>/ket-qua/<int:enrolment_pk>/", views.result, name="result"),
]
