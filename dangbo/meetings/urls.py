"""Pages of cell meetings (issue 8)."""

from django.urls import path

from dangbo.meetings.views import cell, phone, record

app_name = "meetings"
urlpatterns = [
    # meetings of a cell
    path("chi-bo/", cell.cells, name="cells"),
    path("cua-toi/", cell.mine, name="mine"),
    path("chi-bo/<int:pk>/", cell.cell, name="cell"),
    path("chi-bo/<int:pk>/ghi-ky-hop/", record.create, name="create"),
    path("chi-bo/<int:pk>/thang-nay/", phone.this_month, name="month"),
    path("ky-hop/<int:pk>/", record.detail, name="detail"),
    path("ky-hop/<int:pk>/sua/", record.edit, name="edit"),
    path("ky-hop/<int:pk>/diem-danh/", phone.attendance, name="attendance"),
    path("ky-hop/<int:pk>/xoa/", record.delete, name="delete"),
    path("ky-hop/<int:pk>/cap-tren-du/", record.guests, name="guests"),
    path("ky-hop/<int:pk>/tieu-chi/", record.checks, name="checks"),
    path("ky-hop/<int:pk>/cham-diem/<str:scorer>/", record.score, name="score"),
    path("ky-hop/<int:pk>/xep-loai/", record.level, name="level"),
    path("ky-hop/<int:pk>/bien-ban/", record.file_add, name="file_add"),
    path("ky-hop/<int:pk>/bien-ban/<int:file_pk>/", record.file_download, name="file"),
    path("ky-hop/<int:pk>/bien-ban/<int:file_pk>/go/", record.file_remove, name="file_remove"),
]
