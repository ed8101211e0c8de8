"""Review pages: the workflow (campaigns, the cell's entry screen, approval, registration, self-assessment),
remediation plans, streaks and the Excel import of a unit's results, and the statistics."""

from django.urls import path

from dangbo.reviews.views import entry, imports, plans, stats

app_name = "reviews"
urlpatterns = [
    path("", entry.home, name="home"),
    path("dot/<int:pk>/", entry.campaign_detail, name="campaign"),
    path("nam/<int:year>/chi-bo/<int:pk>/", entry.unit_entry, name="unit"),
    path("nam/<int:year>/chi-bo/<int:pk>/dang-ky/", entry.registration, name="registration"),
    path("nam/<int:year>/phe-duyet/<int:pk>/", entry.approve, name="approve"),
    path("nam/<int:year>/so-sanh-dang-ky/<int:pk>/", entry.compare, name="compare"),
    path("phieu/<int:pk>/tu-danh-gia/", entry.self_assess, name="self"),
    path("phieu/<int:pk>/mo-lai/", entry.reopen, name="reopen"),
    path("phieu/<int:pk>/goi-y-kiem-diem/", entry.pointed, name="pointed"),
    path("phieu/<int:pk>/khong-xep-loai/", entry.exclude, name="exclude"),
    path("khac-phuc/", plans.plan_list, name="plans"),
    path("khac-phuc/<int:pk>/", plans.plan_detail, name="plan"),
    path("khac-phuc/<int:pk>/nop/", plans.plan_submit, name="plan_submit"),
    path("khac-phuc/<int:pk>/them-noi-dung/", plans.plan_item_add, name="plan_item_add"),
    path("khac-phuc/<int:pk>/noi-dung/<int:item_pk>/trang-thai/", plans.plan_item_status, name="plan_item_status"),
    path("khac-phuc/lap-con-thieu/<int:pk>/<int:year>/", plans.plans_fill, name="plans_fill"),
    path("xuat-sac-lien-tuc/", plans.streak_list, name="streaks"),
    path("xuat-sac-lien-tuc/xuat-excel/", plans.streak_export, name="streaks_export"),
    path("nhap-excel/", imports.import_start, name="results_import_start"),
    path("nhap-excel/<int:pk>/<int:year>/", imports.import_unit, name="results_import"),
    path("nhap-excel/<int:pk>/<int:year>/mau/", imports.import_template, name="results_import_template"),
    path("thong-ke/", stats.stats_page, name="stats"),
    path("thong-ke/xlsx/", stats.stats_export, name="stats_xlsx"),
    path("thong-ke/danh-sach/", stats.stats_people, name="stats_people"),
]
