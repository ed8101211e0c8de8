"""XLSX of the compliance alerts and of the meeting ratings. Pure: the alerts (or a ``Distribution``) in, bytes
out — the same rows and figures as the pages; counts as numbers, shares as numbers with one decimal."""

from openpyxl.styles import Alignment

from dangbo.core.dates import format_date
from dangbo.core.xlsx import list_sheet, workbook_bytes
from dangbo.meetings.selectors.alerts import KINDS

RECORD_LABELS = {"meeting": "Kỳ sinh hoạt", "cell": "Chi bộ", "member": "Đảng viên",
                 "assignment": "Phân công dự sinh hoạt"}
ALERT_COLUMNS = ["Loại cảnh báo", "Chi bộ", "Tháng / quý", "Nội dung", "Hồ sơ cần xử lý", "Mã hồ sơ"]
ALERT_WIDTHS = {1: 36, 2: 34, 3: 12, 4: 90, 5: 22, 6: 10}


def alerts_xlsx(alerts, *, title: str) -> bytes:
    wb, ws = list_sheet("Cảnh báo sinh hoạt", ALERT_COLUMNS, ALERT_WIDTHS)
    for a in alerts:
        when = a.quarter or (f"{a.month:%m/%Y}" if a.month else "")
        ws.append([KINDS[a.kind], a.cell_name, when, a.text, RECORD_LABELS[a.record], a.record_id])
        ws.cell(ws.max_row, 4).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([title])
    return workbook_bytes(wb)


LEVEL_COLUMNS = [("good", "Tốt"), ("fair", "Khá"), ("average", "Trung bình"), ("poor", "Yếu")]
RATING_COLUMNS = ["Tháng / tổ chức", "Kỳ sinh hoạt định kỳ", "Đã xếp loại"] + [
    h for _, label in LEVEL_COLUMNS for h in (label, f"{label} (%)")]


def _row(label: str, levels) -> list:
    out = [label, levels.held, levels.rated]
    for level, _ in LEVEL_COLUMNS:
        share = levels.share(level)
        out += [levels.counts[level], None if share is None else float(share)]
    return out


def ratings_xlsx(dist, sentences: list[str]) -> bytes:
    wb, ws = list_sheet("Theo tháng", RATING_COLUMNS, {1: 36})
    for month, levels in dist.months:
        ws.append(_row(f"{month:%m/%Y}", levels))
    ws.append(_row("Cả kỳ", dist.total))
    kids = wb.create_sheet("Theo tổ chức trực thuộc")
    kids.append(RATING_COLUMNS)
    for row in dist.children:
        kids.append(_row(row.name, row.levels))
    for sheet in (ws, kids):
        for r in sheet.iter_rows(min_row=2):
            for cell in r[4::2]:
                cell.number_format = "0.0"
    notes = wb.create_sheet("Nhận định")
    notes.append([f"{dist.org.name} — {dist.period.label}, cây tổ chức ngày {format_date(dist.on)}"])
    for text in sentences:
        notes.append([text])
    notes.column_dimensions["A"].width = 120
    return workbook_bytes(wb)
