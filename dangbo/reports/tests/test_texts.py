"""The sentences and letterhead lines, without a database: the words of 002 and of 36-HD/VPTW."""

import datetime as dt

import pytest

from dangbo.core.dates import date_line
from dangbo.orgs import names
from dangbo.reports import texts
from dangbo.targets.choices import TargetStatus

D = dt.date


@pytest.mark.parametrize(("org_name", "committee", "place"), [
    ("Đảng bộ huyện Lạc Dương", ("Huyện ủy Lạc Dương", "HU", "Huyện ủy"), "Lạc Dương"),
    ("Đảng bộ tỉnh Lâm Đồng", ("Tỉnh ủy Lâm Đồng", "TU", "Tỉnh ủy"), "Lâm Đồng"),
    ("Đảng bộ thành phố Đà Lạt", ("Thành ủy Đà Lạt", "TU", "Thành ủy"), "Đà Lạt"),
    ("Đảng bộ xã Đạ Sar", ("Đảng ủy xã Đạ Sar", "ĐU", "Đảng ủy"), "Đạ Sar"),
    ("Đảng bộ thị trấn Lạc Dương", ("Đảng ủy thị trấn Lạc Dương", "ĐU", "Đảng ủy"), "Lạc Dương"),
    ("Chi bộ thôn Đạ Nghịt", ("Chi bộ thôn Đạ Nghịt", "CB", "Chi bộ"), "Đạ Nghịt"),
    ("Chi bộ Phòng Giáo dục", ("Chi bộ Phòng Giáo dục", "CB", "Chi bộ"), ""),
])
def test_committee_and_place_of_an_org(org_name, committee, place):
    assert names.committee_of(org_name) == names.IssuingBody(*committee)
    assert names.place_of(org_name) == place


def test_date_line_pads_days_under_ten_and_january_february():
    assert date_line("Lạc Dương", D(2023, 7, 20)) == "Lạc Dương, ngày 20 tháng 7 năm 2023"
    assert date_line("Tây Sơn", D(2024, 2, 5)) == "Tây Sơn, ngày 05 tháng 02 năm 2024"
    assert date_line("", D(2024, 12, 1)) == "Ngày 01 tháng 12 năm 2024"


def test_number_line_has_no_colon_and_keeps_a_blank_to_fill():
    assert texts.number_line("05", "HU") == "Số 05-BC/HU"
    assert texts.number_line("", "HU") == "Số …-BC/HU"


@pytest.mark.parametrize(("title", "expected"), [
    ("BÍ THƯ", ("T/M BAN THƯỜNG VỤ", None, "BÍ THƯ")),
    ("T/M HUYỆN ỦY\nBÍ THƯ", ("T/M HUYỆN ỦY", None, "BÍ THƯ")),
    ("Phó Bí thư", ("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ")),
    ("T/M BAN CHẤP HÀNH\nK/T BÍ THƯ\nPHÓ BÍ THƯ THƯỜNG TRỰC",
     ("T/M BAN CHẤP HÀNH", "K/T BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC")),
    ("", ("T/M BAN THƯỜNG VỤ", None, "BÍ THƯ")),
])
def test_signature_lines(title, expected):
    assert texts.signature_lines(signer_title=title, default_on_behalf="T/M BAN THƯỜNG VỤ") == expected


def test_summary_line_in_the_words_of_002():
    line = texts.summary_line(kind="so_ket", document_kind="CTr", reference="03-CTr/HU", issued_on=D(2020, 12, 22),
                              issuer_short="Huyện ủy", title="Nâng cao năng lực lãnh đạo", midterm=True)
    assert line == ("sơ kết giữa nhiệm kỳ thực hiện Chương trình hành động số 03-CTr/HU ngày 22/12/2020 của "
                    "Huyện ủy về “Nâng cao năng lực lãnh đạo”")
    final = texts.summary_line(kind="tong_ket", document_kind="NQ", reference="21-NQ/TW", issued_on=D(2022, 6, 16),
                               issuer_short="Ban Chấp hành Trung ương", title="Về tăng cường củng cố", midterm=True)
    assert final.startswith("tổng kết thực hiện Nghị quyết số 21-NQ/TW ngày 16/06/2022")
    assert final.endswith("về “Tăng cường củng cố”")


def test_rate_and_count_phrases_show_the_measure_figures():
    assert texts.measure_phrase(code="org_good_rate", name="Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
                                numerator=56, denominator=58) == (
        "có 56/58 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên (tỷ lệ 96,6%)")
    assert texts.measure_phrase(code="admission_rate", name="x", numerator=192, denominator=4116) == (
        "đã kết nạp 192 quần chúng vào Đảng, đạt tỷ lệ 4,7% so với tổng số 4.116 đảng viên đầu kỳ")
    assert texts.measure_phrase(code="new_cells_private_sector", name="x", numerator=2, denominator=None) == (
        "đã thành lập 02 chi bộ trong doanh nghiệp tư nhân, đơn vị ngoài công lập")
    assert texts.measure_phrase(code="new_cells_private_sector", name="x", numerator=0, denominator=None) == (
        "chưa thành lập được chi bộ nào trong doanh nghiệp tư nhân, đơn vị ngoài công lập")
    assert texts.measure_phrase(code="struck_off_count", name="Đảng viên bị xóa tên", numerator=1234,
                                denominator=None) == "đảng viên bị xóa tên: 1.234"


@pytest.mark.parametrize(("status", "deadline", "tail"), [
    (TargetStatus.EXCEEDED, None, "; vượt chỉ tiêu đề ra."),
    (TargetStatus.MET, None, "; đạt chỉ tiêu đề ra."),
    (TargetStatus.NOT_MET, None, "; chưa đạt chỉ tiêu đề ra."),
    (TargetStatus.AT_RISK, None, "; có nguy cơ không đạt chỉ tiêu đề ra."),
    (TargetStatus.ON_TRACK, 2025, "; dự báo đến năm 2025 đạt chỉ tiêu đề ra."),
])
def test_result_sentence_ends_with_the_verdict(status, deadline, tail):
    line = texts.result_sentence(label="Năm 2021", phrase="có 56/58 tổ chức", status=status, deadline_year=deadline)
    assert line == "+ Năm 2021 có 56/58 tổ chức" + tail


def test_result_sentence_marks_manual_values_and_missing_years():
    manual = texts.result_sentence(label="Năm 2021", phrase="có 15/58 tổ chức (tỷ lệ 25,9%)",
                                   status=TargetStatus.EXCEEDED, manual_note="Quyết định 12-QĐ/HU")
    assert manual == ("+ Năm 2021 có 15/58 tổ chức (tỷ lệ 25,9%) (số liệu cấp ủy nhập: Quyết định 12-QĐ/HU); "
                      "vượt chỉ tiêu đề ra.")
    assert texts.result_sentence(label="Năm 2022", phrase=None, status=TargetStatus.NO_DATA) == (
        "+ Năm 2022: chưa có dữ liệu.")
    assert texts.no_data_sentence(available=False) == (
        "- Kết quả: chưa có dữ liệu (chỉ số này chưa được hệ thống tính).")
