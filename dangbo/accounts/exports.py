"""XLSX export of the audit log as people read it. Pure: rows (``audit_display.rows``) in, bytes out."""

from openpyxl.styles import Alignment

from dangbo.core.numbers import format_int
from dangbo.core.xlsx import list_sheet, workbook_bytes

COLUMNS = ["Thời gian", "Người thực hiện", "Thao tác", "Loại đối tượng", "Đối tượng", "Thay đổi (trước → sau)"]
WIDTHS = {1: 17, 2: 24, 3: 30, 4: 22, 5: 40, 6: 80}


def audit_xlsx(rows, *, limit: int) -> bytes:
    wb, ws = list_sheet("Nhật ký thay đổi", COLUMNS, WIDTHS)
    count = 0
    for row in rows:
        count += 1
        changes = "\n".join(f"{c.label}: {c.before} → {c.after}" if row.changed else f"{c.label}: {c.after}"
                            for c in row.changes)
        ws.append([row.at, row.actor, row.action, row.kind, row.object, changes])
        ws.cell(ws.max_row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    if count >= limit:
        ws.append([f"Chỉ xuất {format_int(limit)} dòng mới nhất: hãy lọc hẹp hơn để xuất phần còn lại."])
    return workbook_bytes(wb)
