"""XLSX export of the audit log as people read it. Pure: rows (``audit_display.rows``) in, bytes out."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangbo.core.numbers import format_int

COLUMNS = ["Thời gian", "Người thực hiện", "Thao tác", "Loại đối tượng", "Đối tượng", "Thay đổi (trước → sau)"]
WIDTHS = {"A": 17, "B": 24, "C": 30, "D": 22, "E": 40, "F": 80}


def audit_xlsx(rows, *, limit: int) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhật ký thay đổi"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows:
        count += 1
        changes = "\n".join(f"{c.label}: {c.before} → {c.after}" if row.changed else f"{c.label}: {c.after}"
                            for c in row.changes)
        ws.append([row.at, row.actor, row.action, row.kind, row.object, changes])
        ws.cell(ws.max_row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    if count >= limit:
        ws.append([f"Chỉ xuất {format_int(limit)} dòng mới nhất: hãy lọc hẹp hơn để xuất phần còn lại."])
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
