"""The admission pipeline (phát triển đảng viên): candidates of a subtree, a candidate's file and its steps."""

from django.urls import path

from dangbo.admissions.views import candidates as views
from dangbo.admissions.views import stats, work

app_name = "admissions"
urlpatterns = [
    path("", views.candidates, name="list"),
    path("chi-bo/<int:pk>/them/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/buoc/<str:step>/", views.step_record, name="step"),
    path("<int:pk>/nguoi-gioi-thieu/", views.introducer_add, name="introducer_add"),
    # the committees' work pages
    path("chi-tieu/", work.plans, name="plans"),
    path("chi-tieu/<int:pk>/", work.plan_set, name="plan_set"),
    path("du-bi/", work.probations, name="probations"),
    path("du-bi/<int:pk>/cong-nhan/", work.recognize, name="recognize"),
    path("du-bi/<int:pk>/khong-cong-nhan/", work.strike_off, name="probation_strike_off"),
    path("ra-soat/", work.screening, name="screening"),
    path("ra-soat/<int:pk>/", work.screening_decide, name="screening_decide"),
    path("huy-hieu/", work.badges, name="badges"),
    path("huy-hieu/xlsx/", work.badges_xlsx, name="badges_xlsx"),
    # issue 9: overdue cases, stopping a case, replacing an introducer
    path("qua-han/", work.overdue, name="overdue"),
    path("<int:pk>/dung-xem-xet/", views.stop, name="stop"),
    path("<int:pk>/nguoi-gioi-thieu/<int:introduction_pk>/thay/", views.introducer_replace,
         name="introducer_replace"),
    path("thong-ke/", stats.stats, name="stats"),
]
