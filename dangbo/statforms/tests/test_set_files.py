"""The whole set of forms in one XLSX and in one PDF, and a form's PDF (issue 10, Deliver 2): opened back (openpyxl;
the PDF's text with ``pdftotext`` from Debian poppler-utils, as the reports' tests do), every form's number and
title present, the figures of the ``year`` fixture (conftest.py) read back, "DỰ THẢO" and the checks between forms
when a check fails, A4 pages (landscape for the forms of several columns)."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangbo.core import periods
from dangbo.core.testing import Role, user_with
from dangbo.statforms import pdf, rules, sets, xlsx

pytestmark = pytest.mark.django_db
D = dt.date
A4 = (595.28, 841.89)
LAYOUT = {"place": "Lạc Dương", "reporting_body": "Ban Tổ chức", "superior": "Huyện ủy Lạc Dương",
          "made_on": D(2026, 1, 5)}
ACROSS = ["Biểu số 3-BTCTW dòng 1 (5) khác Biểu số 1-BTCTW D (4)."]
YEAR_2025 = {"bieu": "1", "ky": "year", "nam": "2025"}
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (Debian poppler-utils) is not installed")


@pytest.fixture
def whole(tree, year):
    return sets.form_set(user=tree.actor, org=tree.commune, period=periods.year(2025))


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "bo-bieu.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],  # noqa: S603, S607
                          capture_output=True, check=True, text=True).stdout


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == len(re.findall(rb"/Type /Page\b", data))
    return [(round(float(w), 2), round(float(h), 2)) for w, h in boxes]


def values(ws) -> list:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def test_the_set_in_one_xlsx_a_sheet_per_form_with_its_figures(whole):
    assert whole.across == [] and len(whole.tables) >= 8
    wb = load_workbook(io.BytesIO(xlsx.render(whole.tables, across=whole.across, **LAYOUT)))
    assert [ws.title for ws in wb.worksheets] == [f"Biểu {t.form.code}" for t in whole.tables]
    for table, ws in zip(whole.tables, wb.worksheets, strict=True):
        got = values(ws)
        assert table.form.number in got and table.form.title in got and "HUYỆN ỦY LẠC DƯƠNG" in got
        assert "DỰ THẢO" not in got and int(ws.page_setup.paperSize) == 9
        assert ws.page_setup.orientation == ("portrait" if len(table.heads) == 1 else "landscape")
        # every figure of the period read back where the sheet prints it: row by its key, column by its place
        rows = {ws.cell(r, 1).value: r for r in range(10, 10 + len(table.lines))}
        for line in table.lines:
            for col, cell in enumerate(line.cells, start=3):
                if cell.key:
                    want = table.figures()[cell.key]
                    assert ws.cell(rows[line.row.key], col).value == pytest.approx(want), (table.form.code, cell.key)
    one = wb["Biểu 1"]
    rows = {one.cell(r, 1).value: r for r in range(10, 30)}
    assert [one.cell(rows[k], 3).value for k in ("A", "B1", "C", "C1", "D")] == [6, 1, 3, 1, 4]


def test_a_set_whose_forms_disagree_is_a_draft_with_a_checks_sheet(whole):
    wb = load_workbook(io.BytesIO(xlsx.render(whole.tables, across=ACROSS, **LAYOUT)))
    assert wb.sheetnames[-1] == "Kiểm tra" and len(wb.sheetnames) == len(whole.tables) + 1
    assert all("DỰ THẢO" in values(ws) for ws in wb.worksheets[:-1])
    checks = wb["Kiểm tra"]
    assert checks["A1"].value == "CÁC BIỂU CỦA BỘ CHƯA KHỚP NHAU"
    assert (checks["A5"].value, checks["B5"].value) == (1, ACROSS[0]) and checks["B5"].font.color.rgb == xlsx.RED


@needs_pdftotext
def test_the_set_as_a_pdf(whole, tmp_path):
    data = pdf.render(whole.tables, across=whole.across, **LAYOUT)
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/FontName /[A-Z]{6}\+LiberationSerif", data)) >= 3  # the bundled face, embedded
    sizes = page_sizes(data)
    assert len(sizes) >= len(whole.tables)
    assert set(sizes) == {A4, A4[::-1]}  # A4, portrait and landscape
    text = pdf_text(data, tmp_path)
    pages = text.split("\f")
    flat = " ".join(text.split())
    for table in whole.tables:
        assert table.form.number in flat and " ".join(table.form.title.split()) in flat
        # a form starts a page, landscape when it has several columns
        first = next(i for i, page in enumerate(pages) if table.form.number in page)
        assert sizes[first] == (A4 if len(table.heads) == 1 else A4[::-1]), table.form.code
    for words in ("HUYỆN ỦY LẠC DƯƠNG", "BAN TỔ CHỨC", "Năm 2025", "(có đến ngày 31/12/2025)", "Đvt: Người",
                  "Lạc Dương, ngày 05 tháng 01 năm 2026", "NGƯỜI LẬP BIỂU", "TRƯỞNG BAN"):
        assert words in flat, words
    assert "DỰ THẢO" not in flat and "CHƯA KHỚP" not in flat
    # Biểu 1 of the year fixture: key, label, Kỳ này, Cùng kỳ năm trước, %
    for line in (r"A\s+Đảng viên kỳ trước chuyển sang\s+6\s+5\s+120,0%", r"B1\s+Kết nạp\s+1\s+1\s+100,0%",
                 r"C1\s+Từ trần\s+1\s+0", r"D\s+Đảng viên có đến cuối kỳ \(D = A \+ B − C\)\s+4\s+6\s+66,7%"):
        assert re.search(rf"^\s*{line}\s*$", pages[0], re.M), line
    assert re.search(r"\(1\)\s+\(2\)\s+\(3\)\s+\(4\)", pages[0])


@needs_pdftotext
def test_a_failed_check_makes_the_pdf_a_draft(tree, year, tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "broken", lambda form, values: (
        ["dòng D (Đảng viên có đến cuối kỳ: 4) khác A + B − C (5)."] if form.code == "1" else []))
    monkeypatch.setattr(rules, "across", lambda figures, forms: ACROSS)
    whole = sets.form_set(user=tree.actor, org=tree.commune, period=periods.year(2025))
    text = pdf_text(pdf.render(whole.tables, across=whole.across, **LAYOUT), tmp_path)
    pages = text.split("\f")
    assert "DỰ THẢO" in pages[0] and "Số liệu chưa khớp:" in pages[0]
    assert "dòng D (Đảng viên có đến cuối kỳ: 4) khác A + B − C (5)." in " ".join(pages[0].split())
    assert sum("DỰ THẢO" in page for page in pages) >= len(whole.tables)  # every form of a set that disagrees
    last = " ".join(pages[-2 if not pages[-1].strip() else -1].split())
    assert "CÁC BIỂU CỦA BỘ CHƯA KHỚP NHAU" in last and ACROSS[0] in last
    # one form alone: a draft for its own check only
    alone = " ".join(pdf_text(pdf.render(whole.tables[:1], **LAYOUT), tmp_path).split())
    assert "DỰ THẢO" in alone and "CHƯA KHỚP NHAU" not in alone


@pytest.fixture
def commission(tree, client):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.commune))
    return client


def test_the_page_offers_the_set_and_downloads_it(tree, year, commission):
    url = reverse("statforms:table")
    body = commission.get(url, {"org": tree.commune.pk, **YEAR_2025}).content.decode()
    for label, tai in (("Tải biểu (PDF)", "pdf"), ("Tải cả bộ biểu (XLSX)", "bo-xlsx"),
                       ("Tải cả bộ biểu (PDF)", "bo-pdf")):
        assert label in body and f"tai={tai}" in body
    assert "kiem=bo" in body and 'id="across-ok"' not in body  # the set is read only when asked
    got = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "tai": "bo-xlsx"})
    assert "bo-bieu-dang-bo-xa-da-sar-31-12-2025.xlsx" in got["Content-Disposition"]
    wb = load_workbook(io.BytesIO(got.content))
    assert wb.sheetnames[0] == "Biểu 1" and "Kiểm tra" not in wb.sheetnames and len(wb.sheetnames) >= 8
    assert "ĐẢNG ỦY XÃ ĐẠ SAR" in values(wb["Biểu 3"])
    for tai, name in (("bo-pdf", "bo-bieu-dang-bo-xa-da-sar-31-12-2025.pdf"),
                      ("pdf", "bieu-1-dang-bo-xa-da-sar-31-12-2025.pdf")):
        got = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "tai": tai})
        assert got["Content-Type"] == "application/pdf" and got.content.startswith(b"%PDF-")
        assert name in got["Content-Disposition"]
    pages = lambda data: len(re.findall(rb"/Type /Page\b", data))  # noqa: E731
    one = commission.get(url, {"org": tree.commune.pk, **YEAR_2025, "tai": "pdf"}).content
    assert pages(one) == 1 and page_sizes(one) == [A4]


def test_the_page_shows_the_checks_between_forms_when_asked(tree, year, commission, monkeypatch):
    query = {"org": tree.commune.pk, **YEAR_2025, "kiem": "bo"}
    body = commission.get(reverse("statforms:table"), query).content.decode()
    assert 'id="across-ok"' in body
    monkeypatch.setattr(rules, "across", lambda figures, forms: ACROSS)
    body = commission.get(reverse("statforms:table"), query).content.decode()
    card = re.search(r'<div class="card" id="across">(.*?)</div>\s*</div>', body, re.S)[1]
    assert "Các biểu của bộ chưa khớp nhau" in card and ACROSS[0] in card and 'role="alert"' in card
    wb = load_workbook(io.BytesIO(commission.get(reverse("statforms:table"), {**query, "tai": "bo-xlsx"}).content))
    assert wb.sheetnames[-1] == "Kiểm tra"


def test_the_set_of_an_org_outside_the_scope_is_404(tree, year, client):
    client.force_login(user_with(Role.ORG_COMMISSION, org=tree.cell1))
    for tai in ("bo-xlsx", "bo-pdf", "pdf"):
        got = client.get(reverse("statforms:table"), {"org": tree.commune.pk, **YEAR_2025, "tai": tai})
        assert got.status_code == 404
