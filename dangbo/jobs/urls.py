from django.urls import path

from dangbo.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/tien-do/", views.job_progress, name="progress"),
    path("<int:pk>/tai/", views.job_download, name="download"),
    path("<int:pk>/chay-lai/", views.job_rerun, name="rerun"),
]
