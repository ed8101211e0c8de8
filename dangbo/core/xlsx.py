"""The shape every XLSX list export shares: one sheet, a bold header row kept in view and on every printed page,
A4 landscape fitted to the page's width; and the bytes of the workbook."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


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


def workbook_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
