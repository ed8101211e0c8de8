from django.urls import path

from dangbo.orgs import views, views_structure

app_name = "orgs"
urlpatterns = [
    path("", views.tree_view, name="tree"),
    path("xuat-excel/", views.org_export, name="export"),
    path("<int:pk>/", views.org_detail, name="detail"),
    path("<int:pk>/con/", views.children_partial, name="children"),
    path("<int:pk>/tai-ngay/", views.tree_on_view, name="tree_on"),
    path("<int:pk>/thanh-lap/", views.org_create, name="create"),
    path("<int:pk>/doi-ten/", views.org_rename, name="rename"),
    path("<int:pk>/chuyen-giao/", views.org_transfer, name="transfer"),
    path("<int:pk>/nhiem-ky/", views_structure.term_create, name="term_create"),
    path("<int:pk>/cap-uy-vien/", views_structure.seat_create, name="seat_create"),
    path("<int:pk>/thon/", views_structure.village_create, name="village_create"),
    path("<int:pk>/thon/<int:village_pk>/", views_structure.village_create, name="village_edit"),
]
