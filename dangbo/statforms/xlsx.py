"""XLSX of the statistics forms (issue 10, Deliver 2). Pure: tables in, bytes out — one sheet per form in the
official layout (FORMS.md §2), printable on A4, and the plain list of the members behind a figure (drill-down).

Layout of a form's sheet (columns A key, B label, C "Kỳ này", D "Cùng kỳ năm trước", E "%"):
the superior body over the reporting body (upper case, bold) top left, "Biểu số N-BTCTW" top right ("DỰ THẢO"
under it when a check fails); the title and the period centred; "Đvt: Người"; the table; the broken checks in
red under it; the footer (place and date, "NGƯỜI LẬP BIỂU", "TRƯỞNG BAN") with room to sign."""

import datetime as dt
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from dangbo.core.dates import date_line, format_date
from dangbo.core.xlsx import workbook_bytes
from dangbo.statforms.bands import round_half_up
from dangbo.statforms.tables import Table

FONT = "Times New Roman"
SIZE = 12
RED = "FFC00000"
# Excel shows "#,##0" with the separators of the reader's locale: on a Vietnamese Windows/Excel that is
# "4.241", the way the forms print; the cell stays a number the upper level can add up.
NUMBER = "#,##0"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADERS = ["Tiêu chí", "Kỳ này", "Cùng kỳ năm trước", "(%) kỳ này so với cùng kỳ năm trước"]
DRAFT = "DỰ THẢO"


def _font(bold=False, italic=False, size=SIZE, color=None) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)


def _put(ws, row: int, col: int, value, *, to: int | None = None, bold=False, italic=False, size=SIZE,
         color=None, align="left", wrap=False):
    """Write ``value`` at (row, col), merged to column ``to`` when given."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = _font(bold, italic, size, color)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if to and to > col:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to)
    return cell


def period_line(table: Table) -> str:
    """"Năm 2025", "6 tháng đầu năm 2025", "Từ 01/03/2025 đến 31/08/2025"."""
    label = table.period.label
    return label[:1].upper() + label[1:]


def _sheet_title(table: Table, taken: set[str]) -> str:
    base = f"Biểu {table.form.code}"[:28]
    title, n = base, 1
    while title in taken:
        n += 1
        title = f"{base} ({n})"
    taken.add(title)
    return title


def _value(cell):
    """What a cell of the sheet holds: a count as a number, an average rounded to one decimal, a percentage as
    its printed text."""
    if not cell.key:
        return cell.text or None
    if isinstance(cell.value, Fraction):
        return float(round_half_up(cell.value, 1))
    return cell.value or 0


def _form_sheet(ws, table: Table, *, place: str, reporting_body: str, superior: str, made_on: dt.date,
                draft: bool = False) -> None:
    heads = table.heads
    last = 2 + len(heads) + 2  # key, label, the period's columns, the year before, the %
    widths = {"A": 6, "B": 46 if len(heads) == 1 else 40}
    for col in range(3, last + 1):
        widths[get_column_letter(col)] = 12 if col < last - 1 else (14 if col == last - 1 else 18)
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    draft = draft or bool(table.broken)
    right = max(last - 1, 4)
    # the head: bodies top left, form number top right
    _put(ws, 1, 1, superior.upper(), to=2, align="center")
    _put(ws, 2, 1, reporting_body.upper(), to=2, bold=True, align="center")
    _put(ws, 1, right, table.form.number, to=last, bold=True, align="right")
    if draft:
        _put(ws, 2, right, DRAFT, to=last, bold=True, color=RED, align="right")
        ws.oddHeader.center.text = DRAFT
    _put(ws, 4, 1, table.form.title, to=last, bold=True, size=14, align="center")
    _put(ws, 5, 1, period_line(table), to=last, bold=True, align="center")
    _put(ws, 6, 1, f"(có đến ngày {format_date(table.period.end)})", to=last, italic=True, align="center")
    _put(ws, 7, right, f"Đvt: {table.form.unit}", to=last, italic=True, align="right")
    # the table's head: labels, then (1) (2) (3) …
    head, numbers = 8, 9
    ws.row_dimensions[head].height = 48
    before = "Cùng kỳ năm trước" + (f" ({table.main_label})" if table.main_label else "")
    texts = ["Tiêu chí", *heads, before, HEADERS[-1]]
    for i, text in enumerate(texts):
        col = 1 if i == 0 else i + 2
        to = 2 if col == 1 else None
        _put(ws, head, col, text, to=to, bold=True, align="center", wrap=True)
        _put(ws, numbers, col, f"({i + 1})", to=to, italic=True, align="center")
    row = numbers
    for line in table.lines:
        row += 1
        top = line.row.indent == 0
        _put(ws, row, 1, line.row.key, bold=top, align="center")
        label = _put(ws, row, 2, line.row.label, bold=top, wrap=True)
        label.alignment = Alignment(indent=2 * line.row.indent, vertical="center", wrap_text=True)
        for col, cell in enumerate(line.cells, start=3):
            written = _put(ws, row, col, _value(cell), bold=top, align="right")
            written.number_format = "0.0" if line.row.average else NUMBER
        previous = line.before
        if isinstance(previous, Fraction):
            previous = float(round_half_up(previous, 1))
        written = _put(ws, row, last - 1, previous, bold=top, align="right")
        written.number_format = "0.0" if line.row.average else NUMBER
        _put(ws, row, last, line.share or None, bold=top, align="right")
    for cells in ws.iter_rows(min_row=head, max_row=row, min_col=1, max_col=last):
        for cell in cells:
            cell.border = BOX
            if cell.value is None:
                cell.font = _font()
    for note in (table.note, table.form.note):
        if note:
            row += 2
            _put(ws, row, 1, f"Ghi chú: {note}", to=last, italic=True, size=11, wrap=True)
            ws.row_dimensions[row].height = 15 * (1 + len(note) // 100)
    # the broken checks: still printable, as a draft
    if draft:
        row += 2
        _put(ws, row, 1, "Số liệu chưa khớp:", to=last, bold=True, color=RED)
        for sentence in table.broken:
            row += 1
            _put(ws, row, 1, f"– {sentence}", to=last, italic=True, color=RED, wrap=True)
            ws.row_dimensions[row].height = 32
    # the footer: place and date, the two signatures and room to sign
    row += 2
    _put(ws, row, 3, date_line(place, made_on), to=last, italic=True, align="center")
    row += 1
    _put(ws, row, 1, "NGƯỜI LẬP BIỂU", to=2, bold=True, align="center")
    _put(ws, row, 3, "TRƯỞNG BAN", to=last, bold=True, align="center")
    row += 1
    _put(ws, row, 1, "(Ký, ghi rõ họ tên, số điện thoại)", to=2, italic=True, size=11, align="center")
    _put(ws, row, 3, "(Ký tên, đóng dấu)", to=last, italic=True, size=11, align="center")
    for blank in range(row + 1, row + 6):
        ws.row_dimensions[blank].height = 18
    _page(ws, last_row=row + 5, last_col=last)


def _page(ws, *, last_row: int, last_col: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT if last_col <= 5 else ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.page_margins = PageMargins(left=0.75, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "8:9"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"


def render(tables: list[Table], *, place: str, reporting_body: str, superior: str, made_on: dt.date,
           across: list[str] = ()) -> bytes:
    """One sheet per form. ``superior`` (e.g. "Tỉnh ủy Lâm Đồng") heads the sheet over ``reporting_body``
    (e.g. "Ban Tổ chức"), both in upper case; ``place`` and ``made_on`` make the footer's date line. ``across``:
    the failed checks between the forms of a set (``sets.FormSet.across``) — then every sheet is a draft and a
    last sheet "Kiểm tra" lists them."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table, taken))
        _form_sheet(ws, table, place=place, reporting_body=reporting_body, superior=superior, made_on=made_on,
                    draft=bool(across))
    if across:
        _checks_sheet(wb.create_sheet(CHECKS), tables, across)
    if not wb.worksheets:
        wb.create_sheet("Biểu")
    return workbook_bytes(wb)


CHECKS = "Kiểm tra"


def _checks_sheet(ws, tables: list[Table], across: list[str]) -> None:
    """The failed checks between the forms of the set, one a row, under the set's org and period."""
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 100
    first = tables[0] if tables else None
    _put(ws, 1, 1, "CÁC BIỂU CỦA BỘ CHƯA KHỚP NHAU", to=2, bold=True, size=14, align="center")
    if first is not None:
        _put(ws, 2, 1, f"{first.org.name} — {period_line(first)}", to=2, italic=True, align="center")
    _put(ws, 4, 1, "STT", bold=True, align="center").border = BOX
    _put(ws, 4, 2, "Phép kiểm tra giữa các biểu không khớp", bold=True, align="center").border = BOX
    for i, sentence in enumerate(across, start=1):
        _put(ws, 4 + i, 1, i, align="center").border = BOX
        _put(ws, 4 + i, 2, sentence, color=RED, wrap=True).border = BOX
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


MEMBER_COLUMNS = [("STT", 6), ("Họ và tên", 30), ("Ngày sinh", 13), ("Chi bộ", 36), ("Trạng thái", 18)]


ORG_COLUMNS = [("STT", 6), ("Tổ chức", 48), ("Loại tổ chức", 24), ("Loại hình", 30)]


def members_xlsx(rows: list[dict], title: str) -> bytes:
    """The members behind a figure: ``rows`` of {"name", "born" (date or None), "cell", "status"}; the date of
    birth as a date shown dd/mm/yyyy."""
    return _list_xlsx(MEMBER_COLUMNS, [[r.get("name", ""), r.get("born"), r.get("cell", ""), r.get("status", "")]
                                       for r in rows], title, date_col=3)


def orgs_xlsx(rows: list[dict], title: str) -> bytes:
    """The orgs behind a figure (forms 5 and 6): ``rows`` of {"name", "type", "kind"}."""
    return _list_xlsx(ORG_COLUMNS, [[r.get("name", ""), r.get("type", ""), r.get("kind", "")] for r in rows],
                      title)


def _list_xlsx(columns, rows: list[list], title: str, *, date_col: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    _put(ws, 1, 1, title, to=len(columns), bold=True, align="center", wrap=True)
    for col, (header, width) in enumerate(columns, start=1):
        cell = _put(ws, 3, col, header, bold=True, align="center")
        cell.border = BOX
        ws.column_dimensions[cell.column_letter].width = width
    for i, item in enumerate(rows, start=1):
        for col, value in enumerate([i, *item], start=1):
            cell = _put(ws, 3 + i, col, value, align="center" if col in (1, date_col) else "left")
            cell.border = BOX
            if col == date_col:
                cell.number_format = "DD/MM/YYYY"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    return workbook_bytes(wb)
