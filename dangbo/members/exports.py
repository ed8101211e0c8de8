"""XLSX export of any member list the user can see. Pure: a queryset already scoped in, bytes out."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dangbo.core.dates import format_date
from dangbo.core.xlsx import workbook_bytes

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


def members_xlsx(members) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "Danh sách đảng viên"
    ws.append([c for c, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, member in enumerate(members.select_related("org").iterator(chunk_size=2000), start=1):
        ws.append([i] + [_value(member, attr) for _, attr in COLUMNS[1:]])
    for idx, (title, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = max(8, min(40, len(title) + 6))
    ws.freeze_panes = "A2"
    return workbook_bytes(wb)
