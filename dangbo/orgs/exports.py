"""XLSX export of an org list the user can see. Pure: a scoped queryset in, bytes out."""

from dangbo.core.dates import format_date
from dangbo.core.xlsx import list_sheet, workbook_bytes

COLUMNS = ["STT", "Tên tổ chức", "Mã", "Loại tổ chức", "Loại hình", "Cấp", "Ngày thành lập", "Ngày kết thúc",
           "Trạng thái", "Cấp trên trực tiếp"]


def orgs_xlsx(orgs, parent_names: dict[str, str]) -> bytes:
    wb, ws = list_sheet("Danh sách tổ chức", COLUMNS, {2: 48, 10: 40})
    for i, org in enumerate(orgs, start=1):
        ws.append([i, org.name, org.code or "", org.type.name, org.kind.name if org.kind_id else "",
                   org.type.level.name, format_date(org.founded_on), format_date(org.ended_on),
                   org.get_status_display(), parent_names.get(org.path[: -org.steplen], "")])
    return workbook_bytes(wb)
