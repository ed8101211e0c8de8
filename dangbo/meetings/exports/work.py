"""XLSX of the cell's work with its members: the "who is missing" list of a cell or a subtree in a year. Pure: the
annotated rows of ``selectors.work.work_rows`` in, bytes out."""

import datetime as dt

from openpyxl.styles import Font

from dangbo.core.dates import format_date
from dangbo.core.xlsx import list_sheet, workbook_bytes
from dangbo.meetings.selectors.work import ANY_MISSING, MISSING, is_exempt

COLUMNS = ["STT", "Họ và tên", "Chi bộ", "Miễn công tác, sinh hoạt", "Nhiệm vụ được giao", "Chưa hoàn thành",
           "Bản cam kết", "Kế hoạch cá nhân", "Giữ mối liên hệ nơi cư trú", "Còn thiếu"]


def liaison_text(row) -> str:
    if row.cell_residential:
        return "Không áp dụng (chi bộ nơi cư trú)"
    if row.liaison_confirmed:
        return "Nơi cư trú đã nhận xét"
    return "Đã giới thiệu, chưa nhận xét" if row.liaison_introduced else "Chưa"


def missing_items(row) -> list[str]:
    out = []
    if not row.tasks:
        out.append("nhiệm vụ")
    if not row.has_commitment:
        out.append("bản cam kết")
    if not row.has_plan:
        out.append("kế hoạch cá nhân")
    if not row.cell_residential and not row.liaison_confirmed:
        out.append("nhận xét nơi cư trú")
    return out


def missing_xlsx(rows, *, org_name: str, year: int, on: dt.date, missing: str, truncated: bool = False) -> bytes:
    what = "còn thiếu ít nhất một việc" if missing == ANY_MISSING else MISSING[missing][0].lower()
    wb, ws = list_sheet("Còn thiếu", COLUMNS, {1: 6, 2: 28, 3: 30, 4: 12, 5: 12, 6: 12, 7: 12, 8: 12, 9: 24, 10: 40})
    ws.insert_rows(1, 2)
    ws["A1"] = f"Công tác với đảng viên năm {year} — {org_name}: đảng viên {what}"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = (f"Danh sách đảng viên ngày {format_date(on)} (Hướng dẫn 38-HD/BTCTW)"
                + (" — đã cắt bớt, hãy lọc theo chi bộ" if truncated else ""))
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    for n, row in enumerate(rows, start=1):
        ws.append([n, row.full_name, row.cell_name or "", "Có" if is_exempt(row) else "", row.tasks,
                   row.tasks_open, "Có" if row.has_commitment else "Chưa", "Có" if row.has_plan else "Chưa",
                   liaison_text(row), ", ".join(missing_items(row))])
    return workbook_bytes(wb)
