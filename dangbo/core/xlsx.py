"""The shape every XLSX list export shares: one sheet, a bold header row kept in view and on every printed page,
A4 landscape fitted to the page's width; and the bytes of the workbook — every XLSX the system produces is saved
through ``workbook_bytes``, which makes text that a spreadsheet could read as a formula plain text (docs/
security.md)."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def list_sheet(title: str, columns: list[str], widths: dict[int, int] | None = None):
    """A new workbook whose active sheet is ``title`` with ``columns`` as its header; ``widths`` by column number."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, width in (widths or {}).items():
        ws.column_dimensions[get_column_letter(number)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb, ws


# What Excel or LibreOffice may take for the start of a formula (OWASP "CSV injection"): "=" at once, the others
# once someone edits the cell and presses Enter.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell) -> None:
    """Keep ``cell``'s text exactly as it is, but as text: openpyxl stores a string starting with "=" as a formula,
    so the type goes back to string; and the quote prefix (the ' Excel shows in the formula bar, not part of the
    value) keeps the cell text when a user edits it. Numbers and dates are left alone."""
    value = cell.value
    if cell.data_type == "f" and not isinstance(value, str):  # an array or table formula read from an upload
        value = cell.value = getattr(value, "text", None) or ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def text_cell(ws, value, **style):
    """A cell of a write-only sheet (``Workbook(write_only=True)``, streamed: no cell is kept to walk at the end),
    through ``as_text`` as it is made; a row of them goes to ``ws.append``."""
    cell = WriteOnlyCell(ws, value=value)
    for name, attr in style.items():
        setattr(cell, name, attr)
    as_text(cell)
    return cell


def as_text_all(wb) -> None:
    """Every cell of every sheet through ``as_text``: the system writes no formula on purpose, so any is user
    text. A write-only workbook keeps no cells: its own went through ``text_cell`` when written."""
    if wb.write_only:
        return
    for ws in wb.worksheets:
        # ws._cells holds only the cells written; iter_rows would create every empty one of the sheet's box
        for cell in list(ws._cells.values()):
            as_text(cell)


def workbook_bytes(wb) -> bytes:
    as_text_all(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
