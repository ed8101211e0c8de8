from django.urls import path

from dangbo.structure import views

app_name = "structure"
urlpatterns = [
    path("<int:pk>/giai-the/", views.org_dissolve, name="dissolve"),
    path("<int:pk>/sap-nhap/", views.org_merge, name="merge"),
    path("<int:pk>/chia-tach/", views.org_split, name="split"),
]
