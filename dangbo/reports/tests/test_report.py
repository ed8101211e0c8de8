"""A generated sơ kết read back: DOCX format and text, XLSX numbers, PDF text — every figure the dashboard's."""

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from dangbo.core.numbers import format_int, format_percent
from dangbo.reports import datasets, docx_render, pdf_render, xlsx_render
from dangbo.reports.tests.conftest import AS_OF, Programme
from dangbo.targets import registry, selectors
from dangbo.targets.choices import TargetStatus
from dangbo.targets.registry import Measure

TNR = "Times New Roman"


@pytest.fixture
def report(programme, admin):
    return datasets.build(user=admin, document=programme.document, as_of=AS_OF, number="05")


@pytest.fixture
def board(programme, admin):
    """The dashboard as the dashboard page computes it, independently of the report."""
    return selectors.dashboard(user=admin, document=programme.document, as_of=AS_OF)


def docx_of(report):
    return open_docx(io.BytesIO(docx_render.render(report)))


def texts_of(cell):
    return [p.text for p in cell.paragraphs]


def runs(paragraph):
    return [r for r in paragraph.runs if r.text]


def body_lines(doc):
    return [p.text for p in doc.paragraphs]


def years_lines(lines, spec_line):
    """The "+ …" lines under one "- Chỉ tiêu … đề ra" line."""
    start = lines.index(spec_line)
    out = []
    for line in lines[start + 1:]:
        if line.startswith("- Kết quả"):
            continue
        if not line.startswith("+ "):
            break
        out.append(line)
    return out


# --- the dataset -------------------------------------------------------------------------------------------

def test_report_holds_the_dashboard_figures(report, board):
    assert [r.target for r in report.board.rows] == [r.target for r in board.rows]
    for mine, theirs in zip(report.board.rows, board.rows, strict=True):
        assert [(v.year, v.measure, v.status) for v in mine.values] == [
            (v.year, v.measure, v.status) for v in theirs.values]
        assert [(o.pk, m) for o, m in mine.children] == [(o.pk, m) for o, m in theirs.children]
    # hand-checked: 2 of 3 villages have a cell; 1 admitted in 2021 over 9 members at the end of 2020
    villages, admissions, term, manual, none = board.rows
    assert [v.measure for v in villages.values] == [Measure(2, 3)] * 4
    assert admissions.values[1].measure == Measure(1, 9) and admissions.values[1].status == TargetStatus.EXCEEDED
    assert term.current.measure == Measure(0) and term.status == TargetStatus.AT_RISK
    assert manual.values[1].measure.manual and manual.values[0].measure is None
    assert not none.available and none.status == TargetStatus.NO_DATA


def test_renderers_count_nothing(report, monkeypatch):
    """Once built, the report renders from its dataset alone: no indicator is measured again."""
    def refuse(*args, **kwargs):
        raise AssertionError("a renderer measured an indicator")

    monkeypatch.setattr(registry, "measure", refuse)
    monkeypatch.setattr(selectors, "measure", refuse)
    monkeypatch.setattr(selectors, "dashboard", refuse)
    for render in (docx_render.render, xlsx_render.render, pdf_render.render):
        assert render(report)


# --- DOCX ----------------------------------------------------------------------------------------------------

def test_docx_format(report):
    doc = docx_of(report)
    page_and_fonts(doc)
    letterhead_table(doc)
    title_and_summary(doc)


def page_and_fonts(doc):
    section = doc.sections[0]
    # stored in twips: compare in whole millimetres
    assert [round(x.mm) for x in (section.page_width, section.page_height)] == [210, 297]
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    every_run = [r for p in doc.paragraphs for r in runs(p)]
    every_run += [r for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs for r in runs(p)]
    assert every_run
    assert {r.font.name for r in every_run} == {TNR}
    assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in every_run} == {TNR}
    assert {r.font.size for r in every_run} <= {Pt(12), Pt(14), Pt(15), Pt(16)}
    body = [r for p in doc.paragraphs for r in runs(p) if r.text not in ("BÁO CÁO",)]
    assert {r.font.size for r in body} == {Pt(14)}


def letterhead_table(doc):
    head = doc.tables[0]
    borders = head._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    left, right = head.rows[0].cells
    assert texts_of(left) == ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY LẠC DƯƠNG", "*", "Số 05-BC/HU"]
    superior, issuer, star, number = (runs(p)[0] for p in left.paragraphs)
    assert (superior.font.size, superior.font.bold) == (Pt(14), False)
    assert (issuer.font.size, issuer.font.bold) == (Pt(14), True)
    assert number.font.size == Pt(14) and ":" not in number.text
    assert texts_of(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Lạc Dương, ngày 20 tháng 7 năm 2023"]
    party = runs(right.paragraphs[0])[0]
    assert (party.font.size, party.font.bold) == (Pt(15), True)
    rule = right.paragraphs[1]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "single"
    date = runs(right.paragraphs[2])[0]
    assert (date.font.size, date.font.italic) == (Pt(14), True)


def title_and_summary(doc):
    paragraphs = doc.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert runs(title)[0].font.size == Pt(16) and runs(title)[0].font.bold
    summary = paragraphs[paragraphs.index(title) + 1]
    assert summary.text.startswith("sơ kết giữa nhiệm kỳ thực hiện Chương trình hành động số 03-CTr/HU ngày "
                                   "22/12/2020 của Huyện ủy về “Nâng cao năng lực lãnh đạo")
    assert runs(summary)[0].font.bold and runs(summary)[0].font.size == Pt(14)
    lines = body_lines(doc)
    for heading in ("Phần thứ nhất", "II - KẾT QUẢ ĐẠT ĐƯỢC", "1. Kết quả thực hiện các chỉ tiêu chủ yếu",
                    "1.1. Thôn, tổ dân phố có chi bộ", "a) Các nhiệm vụ đã hoàn thành", "Phần thứ hai"):
        assert heading in lines
    part = next(p for p in paragraphs if p.text == "Phần thứ nhất")
    assert runs(part)[0].font.bold
    assert "[Đánh giá chung — cấp ủy bổ sung]" in lines
    placeholder = next(p for p in paragraphs if p.text == "[Đánh giá chung — cấp ủy bổ sung]")
    assert runs(placeholder)[0].font.italic


def test_docx_results(report, board):
    lines = body_lines(docx_of(report))
    results_in_the_words_of_002(lines)
    every_rate_figure_is_the_dashboards(lines, board)


def results_in_the_words_of_002(lines):
    assert years_lines(lines, "- Chỉ tiêu Chương trình hành động đề ra: Duy trì 100% thôn, tổ dân phố có chi bộ.") == [
        "+ Năm 2020 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra.",
        "+ Năm 2021 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra.",
        "+ Năm 2022 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra.",
        "+ Từ đầu năm 2023 đến nay có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); "
        "có nguy cơ không đạt chỉ tiêu đề ra.",
    ]
    admissions = years_lines(lines, "- Chỉ tiêu Chương trình hành động đề ra: Hằng năm, tỷ lệ kết nạp đảng viên "
                                    "đạt trên 4% so với tổng số đảng viên.")
    assert admissions[1] == ("+ Năm 2021 đã kết nạp 01 quần chúng vào Đảng, đạt tỷ lệ 11,1% so với tổng số 9 đảng "
                             "viên đầu kỳ; vượt chỉ tiêu đề ra.")
    assert admissions[2] == ("+ Năm 2022 đã kết nạp 01 quần chúng vào Đảng, đạt tỷ lệ 10,0% so với tổng số 10 đảng "
                             "viên đầu kỳ; vượt chỉ tiêu đề ra.")
    assert years_lines(lines, "- Chỉ tiêu Chương trình hành động đề ra: Mỗi nhiệm kỳ thành lập 01 - 02 chi bộ trong "
                              "doanh nghiệp tư nhân.") == [
        "+ Từ đầu nhiệm kỳ 2020 - 2025 đến nay chưa thành lập được chi bộ nào trong doanh nghiệp tư nhân, đơn vị "
        "ngoài công lập; có nguy cơ không đạt chỉ tiêu đề ra."]
    manual = years_lines(lines, "- Chỉ tiêu Chương trình hành động đề ra: Hằng năm có 25% tổ chức cơ sở đảng có mô "
                                "hình mới, cách làm sáng tạo.")
    assert manual[0] == "+ Năm 2020: chưa có dữ liệu."
    assert manual[1] == ("+ Năm 2021 có 15/58 cấp ủy, tổ chức cơ sở đảng có mô hình mới, cách làm sáng tạo được "
                         "công nhận (tỷ lệ 25,9%) (số liệu cấp ủy nhập: Quyết định 12-QĐ/HU); vượt chỉ tiêu đề ra.")
    no_data = lines.index("- Chỉ tiêu Chương trình hành động đề ra: Hằng năm, Đảng bộ huyện hoàn thành tốt nhiệm "
                          "vụ trở lên.")
    assert lines[no_data + 1] == "- Kết quả: chưa có dữ liệu (chỉ số này chưa được hệ thống tính)."


def every_rate_figure_is_the_dashboards(lines, board):
    """Generic: each year's line shows the denominator and percentage of the dashboard's measure."""
    for row in board.rows:
        got = years_lines(lines, f"- Chỉ tiêu Chương trình hành động đề ra: {row.target.text}.")
        if not row.available:
            assert got == []
            continue
        assert len(got) == len(row.values)
        for line, value in zip(got, row.values, strict=True):
            m = value.measure
            if m is None:
                assert line.endswith("chưa có dữ liệu.")
                continue
            if m.denominator is not None:
                assert format_percent(m.numerator, m.denominator) in line
                assert format_int(m.denominator) in line
            assert line.endswith({TargetStatus.EXCEEDED: "; vượt chỉ tiêu đề ra.",
                                  TargetStatus.NOT_MET: "; chưa đạt chỉ tiêu đề ra.",
                                  TargetStatus.AT_RISK: "; có nguy cơ không đạt chỉ tiêu đề ra."}[value.status])


def test_docx_tasks_recipients_and_signature(report):
    doc = docx_of(report)
    tasks_with_their_deadlines(body_lines(doc))
    recipients_and_signature(doc)


def tasks_with_their_deadlines(lines):
    done = lines.index("a) Các nhiệm vụ đã hoàn thành")
    assert lines[done + 1] == ("- Hướng dẫn tiêu chí rà soát đảng viên (Ban Tổ chức Huyện ủy; thời hạn: quý II/2021; "
                               "hoàn thành ngày 01/06/2021): Hướng dẫn số 02-HD/HU ngày 01/6/2021.")
    late = lines.index("b) Các nhiệm vụ chậm so với thời hạn")
    assert lines[late + 1] == ("- Xây dựng cơ sở dữ liệu đảng viên (Văn phòng Huyện ủy; thời hạn: quý IV/2022; "
                               "chưa hoàn thành).")
    pending = lines.index("c) Các nhiệm vụ đang thực hiện, chưa đến hạn")
    assert lines[pending + 1] == "- Sơ kết giữa nhiệm kỳ (Ban Tổ chức Huyện ủy; thời hạn: năm 2024)."
    assert "- Có 01 nhiệm vụ chậm so với thời hạn đề ra." in lines


def recipients_and_signature(doc):
    left, right = doc.tables[-1].rows[0].cells
    heading = runs(left.paragraphs[0])[0]
    assert heading.text == "Nơi nhận:" and heading.font.underline and heading.font.size == Pt(14)
    assert texts_of(left)[1:] == ["- Ban Thường vụ Tỉnh ủy (b/c),", "- Các đồng chí Huyện ủy viên,",
                                  "- Các chi, đảng bộ trực thuộc,", "- Lưu Văn phòng Huyện ủy."]
    assert {runs(p)[0].font.size for p in left.paragraphs[1:]} == {Pt(12)}
    signed = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signed] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lê Bình Thanh"]
    assert all(runs(p)[0].font.bold and runs(p)[0].font.size == Pt(14) for p in signed)


def test_docx_deputy_signs_for_the_secretary(tree, admin):
    doc = Programme(tree, admin, signer_title="T/M HUYỆN ỦY\nPHÓ BÍ THƯ").document
    report = datasets.build(user=admin, document=doc, as_of=AS_OF)
    right = docx_of(report).tables[-1].rows[0].cells[1]
    assert [t for t in texts_of(right) if t] == ["T/M HUYỆN ỦY", "K/T BÍ THƯ", "PHÓ BÍ THƯ", "Lê Bình Thanh"]
    assert texts_of(docx_of(report).tables[0].rows[0].cells[0])[-1] == "Số …-BC/HU"


def test_tong_ket_has_its_own_parts(programme, admin):
    report = datasets.build(user=admin, document=programme.document, as_of=AS_OF, kind="tong_ket")
    lines = body_lines(docx_of(report))
    paragraphs = docx_of(report).paragraphs
    title = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    assert paragraphs[title + 1].text.startswith("tổng kết thực hiện Chương trình hành động số 03-CTr/HU")
    assert "IV - BÀI HỌC KINH NGHIỆM" in lines and "ĐỀ XUẤT, KIẾN NGHỊ" in lines


# --- XLSX ----------------------------------------------------------------------------------------------------

def test_xlsx_annex(report, board):
    wb = load_workbook(io.BytesIO(xlsx_render.render(report)))
    annex_numbers_are_the_dashboards(wb, board)
    one_sheet_per_target_with_the_ranked_children(wb, board)


def annex_numbers_are_the_dashboards(wb, board):
    assert wb.sheetnames == ["Tổng hợp", "CT 1", "CT 2", "CT 3", "CT 4", "CT 5"]
    ws = wb["Tổng hợp"]
    header = [c.value for c in ws[4]]
    assert header[:8] == ["STT", "Chỉ tiêu (chỉ số)", "Chỉ tiêu đề ra", "Mức đề ra", "Kỳ", "Tử số", "Mẫu số",
                          "Tỷ lệ (%)"]
    assert all(c.font.bold for c in ws[4])
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    expected = []
    for i, row in enumerate(board.rows, start=1):
        for v in row.values:
            m = v.measure
            rate = float(m.value) if m and m.denominator is not None else None
            expected.append([i, m.numerator if m else None, m.denominator if m else None, rate, v.status_label])
    assert [[r[0], r[5], r[6], r[7], r[9]] for r in rows] == expected
    first = list(ws.iter_rows(min_row=5, max_row=5))[0]
    assert (first[5].value, first[6].value, first[7].value) == (2, 3, 66.7)
    assert (first[5].number_format, first[7].number_format) == ("#,##0", "0.0")
    assert rows[-1][8] == "chưa có dữ liệu" and rows[-1][10] == "Chưa có chỉ số"


def one_sheet_per_target_with_the_ranked_children(wb, board):
    ws = wb["CT 1"]
    assert ws["A1"].value == "1. Thôn, tổ dân phố có chi bộ"
    assert [c.value for c in ws[5]] == ["Xếp thứ", "Tổ chức", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Kết quả"]
    total = [c.value for c in ws[6]]
    assert total == [None, "Toàn Đảng bộ huyện Lạc Dương", 2, 3, 66.7, "2/3 (tỷ lệ 66,7%)"]
    kids = [[c.value for c in r] for r in ws.iter_rows(min_row=7)]
    assert [(k[0], k[1], k[2], k[3]) for k in kids] == [
        (rank, org.name, m.numerator if m else None, m.denominator if m else None)
        for rank, (org, m) in enumerate(board.rows[0].children, start=1)]
    assert kids[0][:5] == [1, "Đảng bộ xã Đạ Sar", 2, 3, 66.7]


# --- PDF -----------------------------------------------------------------------------------------------------

def test_pdf_is_a_pdf_with_the_font_embedded(report):
    data = pdf_render.render(report)
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert pages >= 2
    # the bundled faces are embedded (reportlab also lists Helvetica, a standard PDF font it never draws with)
    assert len(re.findall(rb"/FontName /[A-Z]{6}\+LiberationSerif", data)) >= 3
    assert data.count(b"/FontFile2") >= 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed")
def test_pdf_text_reads_back(report, tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf_render.render(report))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,  # noqa: S603, S607
                         text=True).stdout
    flat = " ".join(out.split())
    pages = out.count("\f")
    assert pages == len(re.findall(rb"/Type /Page\b", path.read_bytes()))
    for text in ("ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY LẠC DƯƠNG", "Số 05-BC/HU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Lạc Dương, ngày 20 tháng 7 năm 2023", "BÁO CÁO",
                 "+ Năm 2021 có 2/3 thôn, tổ dân phố có chi bộ (tỷ lệ 66,7%); chưa đạt chỉ tiêu đề ra.",
                 "+ Năm 2021 đã kết nạp 01 quần chúng vào Đảng, đạt tỷ lệ 11,1% so với tổng số 9 đảng viên đầu kỳ; "
                 "vượt chỉ tiêu đề ra.",
                 "- Kết quả: chưa có dữ liệu (chỉ số này chưa được hệ thống tính).",
                 "[Đánh giá chung — cấp ủy bổ sung]", "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "Lê Bình Thanh"):
        assert text in flat, text


def test_a_province_reports_on_a_central_resolution_under_its_own_committee(tree, admin):
    from dangbo.targets import services

    nq = services.document_create(actor=admin, reference="21-NQ/TW", issuing_body="Ban Chấp hành Trung ương",
                                  issued_on=dt.date(2022, 6, 16), title="Về tăng cường củng cố, xây dựng tổ chức "
                                  "cơ sở đảng", period_start=2022, period_end=2030, scope_org=tree.province)
    report = datasets.build(user=admin, document=nq, as_of=dt.date(2024, 2, 5), kind="so_ket")
    doc = docx_of(report)
    left, right = doc.tables[0].rows[0].cells
    assert texts_of(left) == ["TỈNH ỦY LÂM ĐỒNG", "*", "Số …-BC/TU"]
    assert texts_of(right)[-1] == "Lâm Đồng, ngày 05 tháng 02 năm 2024"
    summary = [p.text for p in doc.paragraphs if p.text.startswith("sơ kết")][0]
    assert summary == ("sơ kết giữa nhiệm kỳ thực hiện Nghị quyết số 21-NQ/TW ngày 16/06/2022 của Ban Chấp hành "
                       "Trung ương về “Tăng cường củng cố, xây dựng tổ chức cơ sở đảng”")
    assert [t for t in texts_of(doc.tables[-1].rows[0].cells[1]) if t] == [
        "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "[Họ và tên người ký]"]
    assert texts_of(doc.tables[-1].rows[0].cells[0])[1:] == [
        "- Các đồng chí Tỉnh ủy viên,", "- Các chi, đảng bộ trực thuộc,", "- Lưu Văn phòng Tỉnh ủy."]


# --- a finished document (issue 7, point 7) -------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def numbering_gaps(lines: list[str]) -> list[str]:
    """Every numbered heading read back in order: parts I, II, …; "1.", "2." under each; "1.1.", "1.2." under
    each of those; "a)", "b)" under each numbered heading. Returns what breaks the sequence."""
    gaps, roman, number, sub, letter = [], 0, 0, 0, 0
    for line in lines:
        if m := re.match(r"^([IVX]+) - ", line):
            roman, number, sub, letter = roman + 1, 0, 0, 0
            if m[1] != ROMAN[roman - 1]:
                gaps.append(line)
        elif m := re.match(r"^(\d+)\.(\d+)\. ", line):
            sub, letter = sub + 1, 0
            if (int(m[1]), int(m[2])) != (number, sub):
                gaps.append(line)
        elif m := re.match(r"^(\d+)\. ", line):
            number, sub, letter = number + 1, 0, 0
            if int(m[1]) != number:
                gaps.append(line)
        elif m := re.match(r"^([a-h])\) ", line):
            letter += 1
            if m[1] != "abcdefgh"[letter - 1]:
                gaps.append(line)
    return gaps


def test_docx_numbering_has_no_gaps(programme, admin):
    """On 30/06/2022 no task is late yet: the groups present are lettered a), b) — not a), c)."""
    report = datasets.build(user=admin, document=programme.document, as_of=dt.date(2022, 6, 30))
    lines = body_lines(docx_of(report))
    assert "a) Các nhiệm vụ đã hoàn thành" in lines
    assert "b) Các nhiệm vụ đang thực hiện, chưa đến hạn" in lines
    assert not any(line.startswith("c) ") for line in lines)
    assert numbering_gaps(lines) == []
    full = body_lines(docx_of(datasets.build(user=admin, document=programme.document, as_of=AS_OF,
                                             kind="tong_ket")))
    assert "c) Các nhiệm vụ đang thực hiện, chưa đến hạn" in full and numbering_gaps(full) == []


def test_the_title_looking_ahead_follows_the_reports_period(programme, admin):
    """A sơ kết of 03-CTr/HU (2020–2025) made in 2023 aims "đến năm 2025", the programme's end (002); made in 2026,
    after that end, it cannot: its part two looks to the time ahead. The annex names the years it covers."""
    during = body_lines(docx_of(datasets.build(user=admin, document=programme.document, as_of=AS_OF)))
    assert "NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN ĐẾN NĂM 2025" in during
    after = datasets.build(user=admin, document=programme.document, as_of=dt.date(2026, 3, 10))
    doc = docx_of(after)
    lines = body_lines(doc)
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in lines
    assert not [line for line in lines if "ĐẾN NĂM 2025" in line.upper()]
    assert numbering_gaps(lines) == []
    wb = load_workbook(io.BytesIO(xlsx_render.render(after)))
    assert wb["Tổng hợp"]["A1"].value.endswith("SỐ 03-CTr/HU, GIAI ĐOẠN 2020 - 2025")
    midway = load_workbook(io.BytesIO(xlsx_render.render(datasets.build(user=admin, document=programme.document,
                                                                        as_of=AS_OF))))
    assert midway["Tổng hợp"]["A1"].value.endswith("SỐ 03-CTr/HU, GIAI ĐOẠN 2020 - 2023")


def test_xlsx_annex_prints_on_a4_landscape_with_its_headings_on_every_page(report):
    wb = load_workbook(io.BytesIO(xlsx_render.render(report)))
    assert len(wb.worksheets) == 1 + len(report.targets)
    for ws in wb.worksheets:
        heading_row = 4 if ws.title == "Tổng hợp" else 5
        assert ws.cell(row=heading_row, column=2).value in ("Chỉ tiêu (chỉ số)", "Tổ chức")
        setup = ws.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == "9", ws.title  # 9 = A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title  # one page wide, any pages down
        assert ws.print_title_rows == f"${heading_row}:${heading_row}", ws.title
