"""XLSX export of any member list the user can see: a queryset already scoped in, bytes out — streamed row by row
(a write-only workbook), so a province's list does not sit in memory as cells. A list longer than
``jobs.exports.EXPORT_BACKGROUND_ROWS`` is made by the worker (``export_job``) instead of the web request."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dangbo.core.dates import format_date
from dangbo.core.numbers import format_int
from dangbo.core.xlsx import CONTENT_TYPE as XLSX
from dangbo.core.xlsx import text_cell, workbook_bytes
from dangbo.jobs.runners import Output, runner
from dangbo.members import forms

FILENAME = "danh-sach-dang-vien.xlsx"
EXPORT_JOB = "members_export"
PROGRESS_EVERY = 2000

COLUMNS = [
    ("STT", None), ("Họ và tên", "full_name"), ("Ngày sinh", "date_of_birth"), ("Giới tính", "get_gender_display"),
    ("Dân tộc", "ethnicity"), ("Tôn giáo", "religion"), ("Quê quán", "hometown"), ("Số CCCD", "cccd"),
    ("Số thẻ đảng viên", "card_number"), ("Chi bộ", "org"), ("Trạng thái", "get_status_display"),
    ("Ngày vào Đảng", "admitted_on"), ("Ngày chính thức", "official_on"),
    ("Trình độ chuyên môn", "get_education_level_display"), ("Lý luận chính trị", "get_political_theory_display"),
    ("Nghề nghiệp", "occupation"), ("Đối tượng", "get_category_display"),
]


def _value(member, attr):
    value = getattr(member, attr)
    if callable(value):
        value = value()
    if hasattr(value, "isoformat"):
        return format_date(value)
    return "" if value is None else str(value)


def members_xlsx(members, progress=None, total: int = 0) -> bytes:
    """``progress(done, total, step)`` (a job's) is told every ``PROGRESS_EVERY`` rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách đảng viên")
    # a streamed sheet takes its widths and panes before its first row
    for idx, (title, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = max(8, min(40, len(title) + 6))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    ws.append([text_cell(ws, title, font=bold) for title, _ in COLUMNS])
    i = 0
    for i, member in enumerate(members.select_related("org").iterator(chunk_size=2000), start=1):
        ws.append([i] + [text_cell(ws, _value(member, attr)) for _, attr in COLUMNS[1:]])
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, total, f"Đã ghi {format_int(i)} đảng viên")
    if progress is not None:
        progress(i, total or i, "Lưu tệp")
    return workbook_bytes(wb)


@runner(EXPORT_JOB)
def export_job(job, progress) -> Output:
    """The list the job's owner filtered (``job.params``: the list page's query), read with her scope now."""
    _form, members = forms.member_filter(user=job.user, data=job.params)
    return Output(members_xlsx(members, progress, members.count()), FILENAME, XLSX)
