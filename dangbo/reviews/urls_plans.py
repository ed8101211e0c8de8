"""Remediation plans, reward candidates (HTXSNV N years running) and the Excel import of a unit's results."""

from django.urls import path

from dangbo.reviews import views_imports, views_plans

urlpatterns = [
    path("khac-phuc/", views_plans.plan_list, name="plans"),
    path("khac-phuc/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("khac-phuc/<int:pk>/nop/", views_plans.plan_submit, name="plan_submit"),
    path("khac-phuc/<int:pk>/them-noi-dung/", views_plans.plan_item_add, name="plan_item_add"),
    path("khac-phuc/<int:pk>/noi-dung/<int:item_pk>/trang-thai/", views_plans.plan_item_status,
         name="plan_item_status"),
    path("khac-phuc/lap-con-thieu/<int:pk>/<int:year>/", views_plans.plans_fill, name="plans_fill"),
    path("xuat-sac-lien-tuc/", views_plans.streak_list, name="streaks"),
    path("xuat-sac-lien-tuc/xuat-excel/", views_plans.streak_export, name="streaks_export"),
    path("nhap-excel/", views_imports.import_start, name="results_import_start"),
    path("nhap-excel/<int:pk>/<int:year>/", views_imports.import_unit, name="results_import"),
    path("nhap-excel/<int:pk>/<int:year>/mau/", views_imports.import_template, name="results_import_template"),
]
