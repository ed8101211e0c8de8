import datetime as dt

import pytest

from dangbo.core.periods import parse_period, quarter_of

D = dt.date


@pytest.mark.parametrize(("text", "kind", "start", "end", "label"), [
    ("quý IV/2021", "quarter", D(2021, 10, 1), D(2021, 12, 31), "quý IV/2021"),
    ("Quý III/2023", "quarter", D(2023, 7, 1), D(2023, 9, 30), "quý III/2023"),
    ("quý II năm 2025", "quarter", D(2025, 4, 1), D(2025, 6, 30), "quý II/2025"),
    ("quý 1/2024", "quarter", D(2024, 1, 1), D(2024, 3, 31), "quý I/2024"),
    ("tháng 7/2021", "month", D(2021, 7, 1), D(2021, 7, 31), "tháng 7/2021"),
    ("7/2021", "month", D(2021, 7, 1), D(2021, 7, 31), "tháng 7/2021"),
    ("tháng 2/2024", "month", D(2024, 2, 1), D(2024, 2, 29), "tháng 2/2024"),
    ("6 tháng đầu năm 2023", "half", D(2023, 1, 1), D(2023, 6, 30), "6 tháng đầu năm 2023"),
    ("6 tháng cuối năm 2023", "half", D(2023, 7, 1), D(2023, 12, 31), "6 tháng cuối năm 2023"),
    ("năm 2025", "year", D(2025, 1, 1), D(2025, 12, 31), "năm 2025"),
    ("trong năm 2021", "year", D(2021, 1, 1), D(2021, 12, 31), "năm 2021"),
    ("đến năm 2030", "year", D(2030, 1, 1), D(2030, 12, 31), "năm 2030"),
    ("2020 - 2025", "term", D(2020, 1, 1), D(2025, 12, 31), "nhiệm kỳ 2020–2025"),
    ("nhiệm kỳ 2020–2025", "term", D(2020, 1, 1), D(2025, 12, 31), "nhiệm kỳ 2020–2025"),
    ("giai đoạn 2021-2025", "term", D(2021, 1, 1), D(2025, 12, 31), "nhiệm kỳ 2021–2025"),
])
def test_parse_period(text, kind, start, end, label):
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)


@pytest.mark.parametrize("text", ["quý V/2021", "tháng 13/2021", "2025 - 2020", "sớm", ""])
def test_bad_periods_are_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match="kỳ hợp lệ|trước năm bắt đầu"):
        parse_period(text)


def test_quarter_of():
    assert quarter_of(D(2021, 11, 5)).label == "quý IV/2021"
