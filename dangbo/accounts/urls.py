from django.contrib.auth import views as auth_views
from django.urls import path

from dangbo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("nguoi-dung/<int:pk>/lien-ket-dat-lai-mat-khau/", views.reset_link_issue, name="reset_link_issue"),
    path("dat-lai-mat-khau/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="reset_confirm"),
    path("nhat-ky/", views.audit_view, name="audit"),
    path("nhat-ky/to-chuc/", views.audit_orgs, name="audit_orgs"),
    path("nhat-ky/xuat-excel/", views.audit_export, name="audit_export"),
]
