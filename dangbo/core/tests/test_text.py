import datetime as dt
from decimal import Decimal

import pytest

from dangbo.core.dates import parse_date
from dangbo.core.numbers import format_int, format_percent, format_ratio, percent
from dangbo.core.text import fold, name_sort_key, split_full_name


@pytest.mark.parametrize(("text", "folded"), [
    ("Nguyễn Văn An", "nguyen van an"),
    ("Đặng Thị Ánh", "dang thi anh"),
    ("  ĐỖ   Hữu  Ước ", "do huu uoc"),
    ("Phường Xuân Hương - Đà Lạt", "phuong xuan huong - da lat"),
])
def test_fold_removes_accents_and_d_bar(text, folded):
    assert fold(text) == folded


def test_split_full_name_vietnamese_order():
    assert split_full_name("Nguyễn Thị Minh Khai") == ("Nguyễn Thị Minh", "Khai")
    assert split_full_name("An") == ("", "An")


def test_names_sort_by_given_name_then_family_with_vietnamese_alphabet():
    names = ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Đặng Văn An", "Phạm Thị Ân", "Hồ Văn Đông",
             "Vũ Thị Dung", "Bùi Ngọc Ăng"]
    ordered = sorted(names, key=name_sort_key)
    # Same given name: họ decides, and Đ comes right after D, before N.
    assert ordered == ["Đặng Văn An", "Nguyễn Văn An", "Lê Thị Ánh", "Bùi Ngọc Ăng", "Phạm Thị Ân",
                       "Trần Văn Bình", "Vũ Thị Dung", "Hồ Văn Đông"]


def test_tone_is_secondary_to_letters():
    # "Ánh" (a + sắc) sorts before "Anh Z"-like words with a later letter, but after plain "Anh"
    assert sorted(["Ánh", "Anh", "Ảnh", "Ạnh"], key=name_sort_key) == ["Anh", "Ảnh", "Ánh", "Ạnh"]


@pytest.mark.parametrize(("n", "d", "text"), [
    (3889, 4116, "94,5%"), (56, 58, "96,6%"), (519, 4116, "12,6%"), (1, 8, "12,5%"), (0, 0, "—"),
    (4116, 4116, "100,0%"), (1, 3, "33,3%"), (2, 3, "66,7%"),
])
def test_percent_rounds_half_up_with_decimal_comma(n, d, text):
    assert format_percent(n, d) == text


def test_half_up_not_bankers():
    assert percent(1, 8, 1) == Decimal("12.5")
    assert percent(5, 400, 1) == Decimal("1.3")  # 1,25 -> 1,3 (half-up), banker's would give 1,2


def test_thousands_dot_and_ratio():
    assert format_int(4241) == "4.241"
    assert format_int(5500000) == "5.500.000"
    assert format_ratio(3889, 4116) == "3.889/4.116 (tỷ lệ 94,5%)"


@pytest.mark.parametrize(("raw", "expected"), [
    ("19/05/2018", dt.date(2018, 5, 19)), ("1/2/2020", dt.date(2020, 2, 1)), ("2020-02-01", dt.date(2020, 2, 1)),
    ("05-02-2024", dt.date(2024, 2, 5)), (" 29.02.2024 ", dt.date(2024, 2, 29)),
    (dt.datetime(2020, 2, 1, 0, 0), dt.date(2020, 2, 1)), ("", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2020", "2020/13/01", "hôm qua", "29/02/2023", "1/2-2020", "00/01/2020"])
def test_parse_date_refuses_in_vietnamese(raw):
    with pytest.raises(ValueError, match="không phải ngày hợp lệ"):
        parse_date(raw)
