"""The XLSX of the forms (issue 10, Deliver 2), opened back with openpyxl: the official layout, figures as numbers,
Times New Roman, A4 portrait one page wide, the footer, a draft with its broken checks; the drill-down list."""

import dataclasses
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.core import periods
from dangbo.statforms import tables, xlsx

D = dt.date


def sheet(table, **kw):
    args = {"place": "Lạc Dương", "reporting_body": "Ban Tổ chức", "superior": "Tỉnh ủy Lâm Đồng",
            "made_on": D(2026, 1, 5)} | kw
    wb = load_workbook(io.BytesIO(xlsx.render([table], **args)))
    assert len(wb.worksheets) == 1
    return wb.worksheets[0]


def texts(ws):
    return {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.value is not None}


def find(ws, value):
    return next(cell for row in ws.iter_rows() for cell in row if cell.value == value)


@pytest.fixture
def table(tree, year):
    return tables.form_table(user=tree.actor, org=tree.commune, code="1", period=periods.year(2025))


@pytest.mark.django_db
def test_the_form_in_its_official_layout(table):
    ws = sheet(table)
    got = texts(ws)
    assert ws.title == "Biểu 1"
    assert got["A1"] == "TỈNH ỦY LÂM ĐỒNG" and got["A2"] == "BAN TỔ CHỨC" and ws["A2"].font.b
    assert got["D1"] == "Biểu số 1-BTCTW"
    assert got["A4"] == "TĂNG, GIẢM ĐẢNG VIÊN" and ws["A4"].alignment.horizontal == "center"
    assert got["A5"] == "Năm 2025" and got["A6"] == "(có đến ngày 31/12/2025)"
    assert got["D7"] == "Đvt: Người"
    assert [got["A8"], got["C8"], got["D8"], got["E8"]] == [
        "Tiêu chí", "Kỳ này", "Cùng kỳ năm trước", "(%) kỳ này so với cùng kỳ năm trước"]
    assert [got["A9"], got["C9"], got["D9"], got["E9"]] == ["(1)", "(2)", "(3)", "(4)"]
    assert "DỰ THẢO" not in got.values() and "Số liệu chưa khớp:" not in got.values()
    # one row per line: key, label (indented, bold at the top), figures as numbers, % as text
    rows = {ws.cell(r, 1).value: r for r in range(10, 10 + len(table.lines))}
    assert list(rows) == [line.row.key for line in table.lines]
    a, b1, c1, d = rows["A"], rows["B1"], rows["C1"], rows["D"]
    assert ws.cell(a, 2).value == "Đảng viên kỳ trước chuyển sang" and ws.cell(a, 2).font.b
    assert ws.cell(b1, 2).value == "Kết nạp" and not ws.cell(b1, 2).font.b and ws.cell(b1, 2).alignment.indent > 0
    assert (ws.cell(a, 3).value, ws.cell(a, 4).value, ws.cell(a, 5).value) == (6, 5, "120,0%")
    assert isinstance(ws.cell(a, 3).value, int) and ws.cell(a, 3).number_format == "#,##0"
    assert (ws.cell(d, 3).value, ws.cell(d, 4).value, ws.cell(d, 5).value) == (4, 6, "66,7%")
    assert (ws.cell(c1, 3).value, ws.cell(c1, 4).value, ws.cell(c1, 5).value) == (1, 0, None)
    assert ws.cell(d, 5).border.left.style == "thin" and ws["A8"].border.top.style == "thin"
    # Times New Roman everywhere
    assert {cell.font.name for row in ws.iter_rows() for cell in row if cell.value is not None} == {
        "Times New Roman"}
    # A4 portrait, one page wide, print titles
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$8:$9" and ws.page_margins.left == 0.75
    # the footer
    dated = find(ws, "Lạc Dương, ngày 05 tháng 01 năm 2026")
    assert dated.font.i and dated.row > d
    signer, head = find(ws, "NGƯỜI LẬP BIỂU"), find(ws, "TRƯỞNG BAN")
    assert signer.row == head.row == dated.row + 1 and signer.column < head.column and signer.font.b


@pytest.mark.django_db
def test_a_form_with_broken_checks_prints_as_a_draft(table):
    broken = ["dòng D (Đảng viên có đến cuối kỳ (D = A + B − C): 12) khác A + B − C (11).",
              "dòng B (Đảng viên tăng trong kỳ: 3) khác tổng các dòng B1, B2, B3 (1)."]
    ws = sheet(dataclasses.replace(table, broken=broken, period=tables.custom(D(2025, 3, 1), D(2025, 8, 31))))
    got = texts(ws)
    assert got["D2"] == "DỰ THẢO" and ws.oddHeader.center.text == "DỰ THẢO"
    assert got["A5"] == "Từ 01/03/2025 đến 31/08/2025" and got["A6"] == "(có đến ngày 31/08/2025)"
    title = find(ws, "Số liệu chưa khớp:")
    assert title.row > 10 + len(table.lines) and title.font.color.rgb == xlsx.RED
    assert [ws.cell(title.row + i, 1).value for i in (1, 2)] == [f"– {s}" for s in broken]
    assert find(ws, "NGƯỜI LẬP BIỂU").row > title.row + 2


@pytest.mark.django_db
def test_the_half_year_title(table):
    ws = sheet(dataclasses.replace(table, period=periods.half(2025, 1)))
    assert ws["A5"].value == "6 tháng đầu năm 2025" and ws["A6"].value == "(có đến ngày 30/06/2025)"


def test_the_members_behind_a_figure():
    rows = [{"name": "Nguyễn Văn An", "born": D(1980, 3, 4), "cell": "Chi bộ thôn 1", "status": "Chính thức"},
            {"name": "Đỗ Thị Giang", "born": None, "cell": "Chi bộ thôn 2", "status": "Dự bị"}]
    wb = load_workbook(io.BytesIO(xlsx.members_xlsx(rows, "Biểu 1 — B1 Kết nạp (năm 2025)")))
    ws = wb.active
    assert ws["A1"].value == "Biểu 1 — B1 Kết nạp (năm 2025)"
    assert [c.value for c in ws[3]] == ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Trạng thái"]
    assert [c.value for c in ws[4]] == [1, "Nguyễn Văn An", dt.datetime(1980, 3, 4), "Chi bộ thôn 1", "Chính thức"]
    assert ws["C4"].number_format == "DD/MM/YYYY"
    assert [c.value for c in ws[5]] == [2, "Đỗ Thị Giang", None, "Chi bộ thôn 2", "Dự bị"]
    assert ws.max_row == 5 and ws["A4"].font.name == "Times New Roman"
