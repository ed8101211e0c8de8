"""Party dues pages: the cell's monthly collection sheet, and picking a cell."""

from django.urls import path

from dangbo.dues import views

app_name = "dues"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/thu/", views.collect, name="collect"),
]
