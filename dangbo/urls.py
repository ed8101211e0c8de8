from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from dangbo.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="orgs:tree", permanent=False)),
    path("tai-khoan/", include("dangbo.accounts.urls")),
    path("to-chuc/", include("dangbo.orgs.urls")),
    path("to-chuc/", include("dangbo.structure.urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("danh-gia/", include("dangbo.reviews.urls")),
    path("chi-tieu/", include("dangbo.targets.urls")),
    path("bao-cao/", include("dangbo.reports.urls")),
    path("sinh-hoat/", include("dangbo.meetings.urls")),
    path("phat-trien-dang-vien/", include("dangbo.admissions.urls")),
    path("chuyen-sinh-hoat/", include("dangbo.transfers.urls")),
    path("bieu-mau-thong-ke/", include("dangbo.statforms.urls")),
    path("cong-tac-dang-vien/", include("dangbo.memberwork.urls")),
    path("dao-tao/", include("dangbo.training.urls")),
    path("tac-vu/", include("dangbo.jobs.urls")),
    path("dang-phi/", include("dangbo.dues.urls")),
    path("kiem-tra/", include("dangbo.inspection.urls")),
    path("api/", api.urls),
    path("quan-tri/", admin.site.urls),
]
