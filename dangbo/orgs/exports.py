"""XLSX export of an org list the user can see. Pure: a scoped queryset in, bytes out."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from dangbo.core.dates import format_date

COLUMNS = ["STT", "Tên tổ chức", "Mã", "Loại tổ chức", "Loại hình", "Cấp", "Ngày thành lập", "Ngày kết thúc",
           "Trạng thái", "Cấp trên trực tiếp"]


def orgs_xlsx(orgs, parent_names: dict[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách tổ chức"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, org in enumerate(orgs, start=1):
        ws.append([i, org.name, org.code or "", org.type.name, org.kind.name if org.kind_id else "",
                   org.type.level.name, format_date(org.founded_on), format_date(org.ended_on),
                   org.get_status_display(), parent_names.get(org.path[: -org.steplen], "")])
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["J"].width = 40
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
