from django.urls import path

from dangbo.members import imports_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("xuat-excel/", views.member_export, name="export"),
    path("nhap-excel/", imports_views.import_view, name="import"),
    path("nhap-excel/mau/", imports_views.template_view, name="import_template"),
    path("them/", views.member_create, name="create"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/su-kien/", views.event_create, name="event"),
    path("<int:pk>/su-kien/<int:event_pk>/dinh-chinh/", views.event_correct, name="event_correct"),
    path("<int:pk>/ky-luat/", views.discipline_create, name="discipline"),
    path("<int:pk>/chuc-vu/", views.post_create, name="post"),
]
