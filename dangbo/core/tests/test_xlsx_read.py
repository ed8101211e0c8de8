"""The import's reader (``core.xlsx_read``): calamine gives the rows openpyxl gives, value for value and type for
type, or the file goes to openpyxl."""

import datetime as dt
import io
import unicodedata

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from dangbo.core.xlsx_read import UnreadableWorkbook, needs_openpyxl, open_book
from dangbo.members import imports


def saved(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def trimmed(rows) -> list[tuple]:
    """Rows without their trailing empty cells, and without the trailing empty rows (openpyxl yields up to the
    sheet's declared dimension, calamine up to its last value)."""
    out = [tuple(row)[:max((i + 1 for i, v in enumerate(row) if v is not None), default=0)] for row in rows]
    while out and not out[-1]:
        out.pop()
    return out


def both(data: bytes) -> tuple[dict, dict]:
    books = open_book(data, reader="openpyxl"), open_book(data, reader="calamine")
    try:
        return tuple({name: trimmed(book.rows(name)) for name in book.sheetnames} for book in books)
    finally:
        for book in books:
            book.close()


def typed(sheets: dict) -> dict:
    return {name: [tuple((type(v), v) for v in row) for row in rows] for name, rows in sheets.items()}


def tricky() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Đảng viên"
    ws.merge_cells("B2:E2")  # a merged, styled title two rows down and one column in
    ws["B2"] = "Danh sách đảng viên"
    ws["B2"].font, ws["B2"].fill = Font(bold=True), PatternFill("solid", fgColor="EEF0F3")
    ws.append([None, "Họ và tên", "Số CCCD", "Điện thoại", "Ngày sinh", "Ngày vào Đảng", "Số", "Có"])
    ws.append([None, "Nguyễn Văn An", "001085012345", "0912345678", "02/09/1985", dt.datetime(2010, 5, 19), 3, True])
    ws.append([None, "  Trần   Thị  Bé ", 1085012345, 912345678, dt.date(1990, 1, 31), dt.datetime(2020, 1, 1, 10, 30),
               1.5, False])
    ws.append([None, unicodedata.normalize("NFD", "Lê Thị Ánh"), "", None, 44000, dt.time(10, 30), -3, None])
    ws.append([None, "K'Bơ", 1e20, 123456789012345678, dt.timedelta(hours=30), 3.0, 0.1, "Không"])
    for cell, fmt in (("E5", "dd/mm/yyyy"), ("E6", "d/m/yy"), ("F6", "yyyy-mm-dd hh:mm"), ("G6", "0.00%"),
                      ("C6", "@"), ("E7", "[$-42A]dd/mm/yyyy")):
        ws[cell].number_format = fmt
    ws["B12"] = "sau các dòng trống"
    other = wb.create_sheet("Tổ chức")
    other.append(["Mã tổ chức", "Tên tổ chức"])
    other.append(["007", "Chi bộ 7"])
    hidden = wb.create_sheet("Danh mục")
    hidden.sheet_state = "hidden"
    hidden.append(["Nam", "Nữ"])
    wb.create_sheet("Trống")
    return saved(wb)


def test_calamine_reads_the_tricky_cells_as_openpyxl_does():
    data = tricky()
    assert not needs_openpyxl(data)
    assert open_book(data).reader == "calamine"
    by_openpyxl, by_calamine = both(data)
    assert list(by_calamine) == ["Đảng viên", "Tổ chức", "Danh mục", "Trống"]
    assert typed(by_calamine) == typed(by_openpyxl)
    rows = by_calamine["Đảng viên"]
    assert rows[3][2:4] == ("001085012345", "0912345678")  # text keeps its leading zeros
    assert rows[4][5] == dt.datetime(2020, 1, 1, 10, 30) and rows[4][4] == dt.datetime(1990, 1, 31)
    assert rows[11] == (None, "sau các dòng trống")  # row numbers kept across empty rows


@pytest.mark.django_db
def test_calamine_reads_the_systems_own_template_filled_in_as_openpyxl_does(tree):
    wb = load_workbook(io.BytesIO(imports.template_xlsx()))
    ws = wb[imports.MEMBER_SHEET]
    ws.append(["Nguyễn Văn An", "02/09/1985", "Nam", "Kinh", None, None, None, "001085012345", "001085012345",
               "000001LD", "Trung học phổ thông", "Đại học", "Trung cấp", "Giáo viên", "Nông dân", "Có",
               "Chi bộ thôn Đạ Nghịt", "19/05/2010", "19/05/2011", None])
    ws.append(["Lê Thị Bé", dt.datetime(1990, 1, 31), "Nữ", "Kinh", None, None, None, 1090012345])
    wb[imports.ORG_SHEET].append(["CB-01", "Chi bộ 1", "Chi bộ trực thuộc", "Thôn", "DB-XTL", "15/03/2015"])
    data = saved(wb)
    assert open_book(data).reader == "calamine"
    by_openpyxl, by_calamine = both(data)
    assert typed(by_calamine) == typed(by_openpyxl)
    assert by_calamine[imports.MEMBER_SHEET][0][:3] == ("Họ và tên", "Ngày sinh", "Giới tính")


@pytest.mark.parametrize("value", ["=SUM(1,2)", "=HYPERLINK(\"http://x\")", "#N/A", "#DIV/0!"])
def test_a_formula_or_an_error_cell_sends_the_file_to_openpyxl_which_keeps_its_text(value):
    wb = Workbook()
    wb.active.append(["Họ và tên", value])
    data = saved(wb)
    assert needs_openpyxl(data)
    book = open_book(data)
    assert book.reader == "openpyxl"
    assert trimmed(book.rows(book.sheetnames[0])) == [("Họ và tên", value)]


def test_a_file_that_is_not_a_workbook_is_unreadable_by_both():
    with pytest.raises(UnreadableWorkbook):
        open_book(b"not a zip")
    with pytest.raises(UnreadableWorkbook):
        open_book(saved(Workbook())[:200])
