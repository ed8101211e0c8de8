from django.urls import path

from dangbo.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("them-van-ban/", views.document_create, name="document_create"),
    path("nhiem-vu-qua-han/", views.overdue, name="overdue"),
    path("chi-tiet/<str:code>/<int:org>/", views.drilldown, name="drilldown"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/theo-doi/", views.dashboard, name="dashboard"),
    path("<int:pk>/them-chi-tieu/", views.target_add, name="target_add"),
    path("<int:pk>/chi-tieu/<int:target_pk>/so-lieu/", views.manual_values, name="manual_values"),
    path("<int:pk>/them-nhiem-vu/", views.task_add, name="task_add"),
    path("<int:pk>/nhiem-vu/<int:task_pk>/", views.task_update, name="task_update"),
]
