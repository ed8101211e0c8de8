"""The report's annex tables as XLSX. Pure: a ``Report`` in, bytes out.

Sheet "Tổng hợp": every target × year of the dashboard (numerator, denominator, %, status). One sheet per target
("CT 1", …): the child orgs as the dashboard ranks them. Numbers are stored as numbers; the formats are the
neutral Excel codes ("#,##0", "0.0") that a Vietnamese-locale Excel shows as 4.241 and 96,5.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from dangbo.core.dates import format_date
from dangbo.core.xlsx import workbook_bytes
from dangbo.reports import texts
from dangbo.reports.datasets import Report, TargetResult
from dangbo.targets.choices import TargetStatus
from dangbo.targets.registry import Measure

BOLD = Font(name="Times New Roman", bold=True)
TITLE = Font(name="Times New Roman", bold=True, size=13)
INT = "#,##0"
PCT = "0.0"
WRAP = Alignment(wrap_text=True, vertical="top")
SUMMARY_HEADERS = ["STT", "Chỉ tiêu (chỉ số)", "Chỉ tiêu đề ra", "Mức đề ra", "Kỳ", "Tử số", "Mẫu số",
                   "Tỷ lệ (%)", "Kết quả", "Đánh giá", "Nguồn số liệu"]
SUMMARY_WIDTHS = [6, 40, 50, 16, 22, 10, 10, 10, 26, 24, 16]
CHILD_HEADERS = ["Xếp thứ", "Tổ chức", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Kết quả"]
CHILD_WIDTHS = [9, 48, 10, 10, 10, 26]


def _numbers(m: Measure | None) -> list:
    """Tử số, mẫu số, tỷ lệ as numbers (None = empty cell)."""
    if m is None:
        return [None, None, None]
    rate = float(m.value) if m.denominator is not None and m.value is not None else None
    return [m.numerator, m.denominator, rate]


def _source(t: TargetResult, m: Measure | None) -> str:
    if not t.row.available:
        return "Chưa có chỉ số"
    if m is None:
        return "Chưa có số liệu"
    return "Cấp ủy nhập" if m.manual else "Tự động"


def _header(ws, row: int, headers: list[str], widths: list[int]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = BOLD
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{row + 1}"  # a string: ws.cell() would create the row and shift the appends
    _print_setup(ws, row)


def _print_setup(ws, header_row: int) -> None:
    """Printed as an annex is: A4 landscape, every column on the page's width (as many pages down as it takes),
    the column headings repeated on every page, centred, with the document's margins (FORMS.md §1)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: no limit on the pages down
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)  # inches: about 15 / 10 / 15 mm
    ws.oddFooter.center.text = "Trang &P/&N"


def _formats(ws, row: int, first_number_col: int) -> None:
    ws.cell(row=row, column=first_number_col).number_format = INT
    ws.cell(row=row, column=first_number_col + 1).number_format = INT
    ws.cell(row=row, column=first_number_col + 2).number_format = PCT
    for cell in ws[row]:
        cell.alignment = WRAP


def _summary(ws, report: Report) -> None:
    doc = report.document
    period = texts.period_label(report.board.years)
    ws.append([f"PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU — {report.kind_label.upper()} "
               f"{texts.KIND_SHORT.get(doc.kind, '').upper()} SỐ {doc.reference}"
               + (f", {period.upper()}" if period else "")])
    ws["A1"].font = TITLE
    ws.append([f"Phạm vi: {report.org.name}; số liệu tính đến ngày {format_date(report.as_of)}"])
    ws.append([])
    _header(ws, 4, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    for i, t in enumerate(report.targets, start=1):
        row = t.row
        for r in t.results:
            m = r.value.measure
            ws.append([i, row.name, row.target.text, row.spec_text, r.label, *_numbers(m),
                       m.text if m is not None else texts.NO_DATA, r.value.status_label, _source(t, m)])
            _formats(ws, ws.max_row, 6)
        if not t.results:
            ws.append([i, row.name, row.target.text, row.spec_text, "", None, None, None, texts.NO_DATA,
                       TargetStatus(TargetStatus.NO_DATA).label, _source(t, None)])


def _sheet_name(i: int) -> str:
    return f"CT {i}"


def _children(ws, report: Report, i: int, t: TargetResult) -> None:
    row = t.row
    ws.append([f"{i}. {row.name}"])
    ws["A1"].font = TITLE
    ws.append([f"Chỉ tiêu đề ra: {' '.join(row.target.text.split())} ({row.spec_text})"])
    # the children are ranked on the period the target is judged by (the last finished one)
    judged = next((r for r in t.results if r.value is row.headline), None)
    ws.append([f"Kỳ: {judged.label}; đánh giá chung: {row.status_label}" if judged else texts.NO_DATA])
    ws.append([])
    _header(ws, 5, CHILD_HEADERS, CHILD_WIDTHS)
    m = judged.value.measure if judged else None
    ws.append(["", f"Toàn {report.org.name}", *_numbers(m), m.text if m else texts.NO_DATA])
    _formats(ws, ws.max_row, 3)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    for rank, (org, cm) in enumerate(row.children, start=1):
        ws.append([rank, t.child_names.get(org.pk, org.name), *_numbers(cm),
                   cm.text if cm is not None else texts.NO_DATA])
        _formats(ws, ws.max_row, 3)
    if not row.children:
        ws.append(["", "Không có số liệu theo tổ chức trực thuộc."])


def render(report: Report) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _summary(ws, report)
    for i, t in enumerate(report.targets, start=1):
        _children(wb.create_sheet(_sheet_name(i)), report, i, t)
    return workbook_bytes(wb)
