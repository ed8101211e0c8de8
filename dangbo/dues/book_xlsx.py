"""The dues books as XLSX in their layout (FORMS.md §4; the column layout is *(to confirm)*): a title, the org and
the period, one header row, then the rows; money as whole đồng with the "#,##0" format. Saved through
``core.xlsx.workbook_bytes`` like every XLSX of the system."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dangbo.core.xlsx import workbook_bytes
from dangbo.dues import books

MONEY = "#,##0"
HEADER_ROW = 4  # rows 1–2: title and org, row 3 empty
PART_ONE = ["Họ và tên", "Tháng", "Miễn (X)", "Thu nhập làm căn cứ (đ)", "Phải đóng tháng này (đ)",
            "Nợ các tháng trước (đ)", "Cộng phải đóng (đ)", "Đã đóng (đ)", "Chưa đóng (đ)"]
PART_TWO = ["Tháng, quý, năm", "Số đảng viên cuối tháng", "Số miễn đóng", "Số chưa đóng", "Đã thu (đ)",
            "Trích giữ lại (đ)", "Phải nộp cấp trên (đ)", "Đã nộp (đ)", "Chưa nộp (đ)"]
S02_COLUMNS = ["Tổ chức đảng", "Tháng, quý, năm", "Tự thu (đ)", "Nhận của cấp dưới (đ)", "Cộng thu (đ)",
               "Trích giữ lại (đ)", "Phải nộp cấp trên (đ)", "Đã nộp (đ)", "Chưa nộp (đ)"]


def _sheet(ws, title: str, subtitle: str, columns: list[str], widths: list[int]) -> None:
    ws.append([title])
    ws.append([subtitle])
    ws.append([])
    ws.append(columns)
    ws["A1"].font = Font(bold=True, size=13)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _money_row(ws, values: list, *, bold: bool = False) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, int):
            cell.number_format = MONEY
        if bold:
            cell.font = Font(bold=True)


def _totals(row: books.Totals) -> list:
    return [row.label, row.members, row.exempt, row.unpaid, row.collected, row.kept, row.to_send, row.sent,
            row.not_sent]


def _part_two(ws, rows: list[books.Totals]) -> None:
    for row in rows:
        _money_row(ws, _totals(row), bold=not row.label.startswith("Tháng"))


def s01_xlsx(book: books.S01) -> bytes:
    wb = Workbook()
    one = wb.active
    one.title = "Phần I"
    _sheet(one, "SỔ THU, NỘP ĐẢNG PHÍ CỦA CHI BỘ (S01/ĐP) — PHẦN I: THU ĐẢNG PHÍ CỦA ĐẢNG VIÊN",
           f"{book.org_name} — năm {book.year}", PART_ONE, [30, 10, 9, 16, 14, 14, 14, 14, 14])
    for name, lines in book.members:
        for line in lines:
            _money_row(one, [name, f"{line.month:%m/%Y}", "X" if line.exempt else "", line.basis, line.due,
                             line.arrears, line.total, line.paid, line.unpaid])
    two = wb.create_sheet("Phần II")
    _sheet(two, "SỔ THU, NỘP ĐẢNG PHÍ CỦA CHI BỘ (S01/ĐP) — PHẦN II: TỔNG HỢP THU, NỘP",
           f"{book.org_name} — năm {book.year}", PART_TWO, [18, 12, 10, 10, 14, 14, 14, 14, 14])
    _part_two(two, book.part_two())
    return workbook_bytes(wb)


def _s02_row(org_name: str, row: books.Totals) -> list:
    return [org_name, row.label, row.collected - row.received, row.received, row.collected, row.kept, row.to_send,
            row.sent, row.not_sent]


def s02_xlsx(book: books.S02) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "S02-ĐP"
    _sheet(ws, "SỔ TỔNG HỢP THU, NỘP ĐẢNG PHÍ (S02/ĐP)", f"{book.level_name} — năm {book.year}", S02_COLUMNS,
           [30, 16, 14, 14, 14, 14, 14, 14, 14])
    for name, months, total in book.children:
        for row in months:
            _money_row(ws, _s02_row(name, row))
        _money_row(ws, _s02_row(name, total), bold=True)
    for row in book.part_two():
        _money_row(ws, _s02_row(book.level_name, row), bold=not row.label.startswith("Tháng"))
    return workbook_bytes(wb)


def b01_xlsx(org_name: str, period: str, rows: list[books.Totals]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "B01-ĐP"
    _sheet(ws, "BÁO CÁO THU, NỘP ĐẢNG PHÍ (B01/ĐP)", f"{org_name} — {period}", PART_TWO,
           [18, 12, 10, 10, 14, 14, 14, 14, 14])
    _part_two(ws, rows)
    return workbook_bytes(wb)
