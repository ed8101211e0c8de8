"""Review workflow: campaigns, the cell's entry screen, approval, registration, self-assessment."""

from django.urls import path

from dangbo.reviews import views_entry as v

urlpatterns = [
    path("", v.home, name="home"),
    path("dot/<int:pk>/", v.campaign_detail, name="campaign"),
    path("nam/<int:year>/chi-bo/<int:pk>/", v.unit_entry, name="unit"),
    path("nam/<int:year>/chi-bo/<int:pk>/dang-ky/", v.registration, name="registration"),
    path("nam/<int:year>/phe-duyet/<int:pk>/", v.approve, name="approve"),
    path("nam/<int:year>/so-sanh-dang-ky/<int:pk>/", v.compare, name="compare"),
    path("phieu/<int:pk>/tu-danh-gia/", v.self_assess, name="self"),
    path("phieu/<int:pk>/mo-lai/", v.reopen, name="reopen"),
    path("phieu/<int:pk>/goi-y-kiem-diem/", v.pointed, name="pointed"),
    path("phieu/<int:pk>/khong-xep-loai/", v.exclude, name="exclude"),
]
