"""Cell meetings: a cell's own meeting pages, the committees above the cells (schedules, scoring sheets, topic
plans, attendees, checks), the cell's work with its members, and the compliance alerts and statistics."""

from django.urls import path

from dangbo.meetings.views import cell, compliance, oversight, phone, record, work

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
    # committees above the cells
    path("to-chuc/<int:pk>/lich-sinh-hoat/", oversight.schedule, name="schedule"),
    path("to-chuc/<int:pk>/phieu-cham-diem/", oversight.sheets, name="sheets"),
    path("to-chuc/<int:pk>/phieu-cham-diem/ban-hanh/", oversight.sheet_new, name="sheet_new"),
    path("to-chuc/<int:pk>/phieu-cham-diem/<int:sheet_pk>/", oversight.sheet, name="sheet"),
    path("chi-bo/<int:pk>/chuyen-de/<int:year>/", oversight.topic_plan, name="topic_plan"),
    path("chi-bo/<int:pk>/chuyen-de/<int:year>/duyet/", oversight.topic_plan_approve, name="topic_plan_approve"),
    path("to-chuc/<int:pk>/phan-cong-du-sinh-hoat/", oversight.assignments, name="assignments"),
    path("chi-bo/<int:pk>/phan-cong-du-sinh-hoat/", oversight.cell_assignments, name="cell_assignments"),
    path("phan-cong-du-sinh-hoat/<int:pk>/thoi/", oversight.assignment_end, name="assignment_end"),
    path("to-chuc/<int:pk>/kiem-tra-sinh-hoat/", oversight.checks, name="oversight_checks"),
    path("chi-bo/<int:pk>/kiem-tra-sinh-hoat/", oversight.check_record, name="check_record"),
    # the cell's work with its members
    path("chi-bo/<int:pk>/cong-tac-dang-vien/<int:year>/", work.work, name="work"),
    path("to-chuc/<int:pk>/cong-tac-dang-vien/<int:year>/xlsx/", work.work_export, name="work_export"),
    path("dang-vien/<int:pk>/cong-tac/<int:year>/", work.member_work, name="member_work"),
    path("dang-vien/<int:pk>/cong-tac/<int:year>/nhiem-vu/", work.task_assign, name="task_assign"),
    path("nhiem-vu/<int:pk>/ket-qua/", work.task_result, name="task_result"),
    path("dang-vien/<int:pk>/cong-tac/<int:year>/cam-ket/", work.paper_record, name="paper_record"),
    path("dang-vien/<int:pk>/cong-tac/<int:year>/noi-cu-tru/", work.liaison_record, name="liaison_record"),
    path("chon-chi-bo/", work.cell_picker, name="cell_picker"),
    # compliance and statistics
    path("canh-bao/", compliance.alerts_page, name="alerts"),
    path("canh-bao/xlsx/", compliance.alerts_export, name="alerts_xlsx"),
    path("xep-loai/", compliance.ratings_page, name="ratings"),
    path("xep-loai/xlsx/", compliance.ratings_export, name="ratings_xlsx"),
]
