"""The report paragraph from the figures of 002 §1.1 (no database): the same words, rounded half-up."""

from decimal import Decimal

import pytest

from dangbo.reviews.paragraphs import count, member_paragraph, org_paragraph, paragraph
from dangbo.reviews.stats import CELL, GRASSROOTS, MEMBER, Counts

MEMBERS_2021 = Counts.of(excellent=519, good=3370, completed=211, not_completed=16)
MEMBERS_2022 = Counts.of(excellent=550, good=3472, completed=196, not_completed=23)
TCCS_2021 = Counts.of(excellent=13, good=43, completed=2)
TCCS_2022 = Counts.of(excellent=18, good=37, completed=3)


def test_the_002_figures_add_up():
    assert (MEMBERS_2021.good_or_above, MEMBERS_2021.decided) == (3889, 4116)
    assert (MEMBERS_2022.good_or_above, MEMBERS_2022.decided) == (4022, 4241)
    assert (TCCS_2021.good_or_above, TCCS_2021.decided) == (56, 58)


def test_member_paragraph_2021():
    assert member_paragraph(2021, MEMBERS_2021) == (
        "Năm 2021 có 3.889/4.116 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 94,5%), trong đó, có 519 "
        "đảng viên hoàn thành xuất sắc nhiệm vụ (tỷ lệ 12,6%); 211 đảng viên hoàn thành nhiệm vụ (tỷ lệ 5,1%); "
        "16 đảng viên không hoàn thành nhiệm vụ (tỷ lệ 0,4%).")


def test_member_paragraph_2022_rounds_half_up_with_one_decimal_everywhere():
    # 002 writes "13%" and "0,38%" in places; the system writes every share the same way (N1).
    assert member_paragraph(2022, MEMBERS_2022, target=Decimal(80)) == (
        "Năm 2022 có 4.022/4.241 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 94,8%), trong đó, có 550 "
        "đảng viên hoàn thành xuất sắc nhiệm vụ (tỷ lệ 13,0%); 196 đảng viên hoàn thành nhiệm vụ (tỷ lệ 4,6%); "
        "23 đảng viên không hoàn thành nhiệm vụ (tỷ lệ 0,5%); vượt chỉ tiêu đề ra.")


def test_tccs_paragraph_2021():
    # 56/58 = 96,55…% → 96,6% half-up (002 truncated it to 96,5%); HTXSNV is a share of the 56 rated good or above.
    assert org_paragraph(2021, TCCS_2021) == (
        "Năm 2021 có 56/58 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 96,6%); trong đó, có 13 "
        "tổ chức hoàn thành xuất sắc nhiệm vụ (tỷ lệ 23,2%); hoàn thành nhiệm vụ 02 tổ chức cơ sở đảng (không có "
        "tổ chức cơ sở đảng xếp loại không hoàn thành nhiệm vụ).")


def test_tccs_paragraph_2022_excellent_share_of_good_or_above():
    # 002 wrote 31% (18/58, a share of all); the stated rule is a share of those rated good or above: 18/55.
    text = org_paragraph(2022, TCCS_2022, target=Decimal(80))
    assert text == (
        "Năm 2022 có 55/58 tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 94,8%); trong đó, có 18 "
        "tổ chức hoàn thành xuất sắc nhiệm vụ (tỷ lệ 32,7%); hoàn thành nhiệm vụ 03 tổ chức cơ sở đảng (không có "
        "tổ chức cơ sở đảng xếp loại không hoàn thành nhiệm vụ); vượt chỉ tiêu đề ra.")


@pytest.mark.parametrize(("counts", "tail"), [
    (Counts.of(excellent=1, good=8, completed=1, not_completed=1),
     "; hoàn thành nhiệm vụ 01 chi bộ trực thuộc; không hoàn thành nhiệm vụ 01 chi bộ trực thuộc."),
    (Counts.of(excellent=1, good=8, not_completed=2),
     "; không hoàn thành nhiệm vụ 02 chi bộ trực thuộc (không có chi bộ trực thuộc xếp loại hoàn thành nhiệm vụ)."),
    (Counts.of(excellent=1, good=8),
     "; không có chi bộ trực thuộc xếp loại hoàn thành nhiệm vụ và không hoàn thành nhiệm vụ."),
])
def test_cell_paragraph_names_what_is_absent(counts, tail):
    text = org_paragraph(2024, counts, population=CELL)
    assert text.startswith(f"Năm 2024 có {counts.good_or_above}/{counts.decided} chi bộ trực thuộc được xếp loại "
                           "hoàn thành tốt nhiệm vụ")
    assert "có 01 chi bộ hoàn thành xuất sắc nhiệm vụ (tỷ lệ 11,1%)" in text
    assert text.endswith(tail)


def test_zero_and_pending_cases():
    assert paragraph(MEMBER, 2024, Counts()) == "Năm 2024 chưa có đảng viên nào được xếp loại."
    assert paragraph(GRASSROOTS, 2024, Counts.of(undecided=3)) == (
        "Năm 2024 chưa có tổ chức cơ sở đảng nào được xếp loại (còn 03 tổ chức cơ sở đảng chưa có kết quả xếp loại).")
    text = member_paragraph(2024, Counts.of(good=4, undecided=2, excluded={"exempt": 5}))
    assert text == ("Năm 2024 có 4/4 đảng viên được xếp loại hoàn thành tốt nhiệm vụ (tỷ lệ 100,0%) (còn 02 đảng viên "
                    "chưa có kết quả xếp loại), trong đó, không có đảng viên hoàn thành xuất sắc nhiệm vụ; không có "
                    "đảng viên hoàn thành nhiệm vụ; không có đảng viên không hoàn thành nhiệm vụ.")


@pytest.mark.parametrize(("target", "words"), [(Decimal(90), "vượt"), (Decimal("94.5"), "đạt"),
                                               (Decimal(95), "chưa đạt")])
def test_target_comparison(target, words):
    assert member_paragraph(2021, MEMBERS_2021, target=target).endswith(f"; {words} chỉ tiêu đề ra.")


def test_count_pads_below_ten():
    assert [count(n) for n in (0, 2, 10, 4241)] == ["00", "02", "10", "4.241"]
