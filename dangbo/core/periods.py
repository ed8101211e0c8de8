"""Reporting periods the way party documents write them: "tháng 7/2021", "quý IV/2021",
"6 tháng đầu năm 2023", "năm 2025", "nhiệm kỳ 2020–2025". Pure: text in, a dated period out."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dangbo.core.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | half | year | term | range
    start: dt.date
    end: dt.date
    label: str

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def years(self) -> list[int]:
        return list(range(self.start.year, self.end.year + 1))


def month(year: int, m: int) -> Period:
    return Period("month", dt.date(year, m, 1), dt.date(year, m, calendar.monthrange(year, m)[1]), f"tháng {m}/{year}")


def quarter(year: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", dt.date(year, first, 1), month(year, first + 2).end, f"quý {ROMAN_OUT[q]}/{year}")


def half(year: int, h: int) -> Period:
    if h == 1:
        return Period("half", dt.date(year, 1, 1), dt.date(year, 6, 30), f"6 tháng đầu năm {year}")
    return Period("half", dt.date(year, 7, 1), dt.date(year, 12, 31), f"6 tháng cuối năm {year}")


def year(y: int) -> Period:
    return Period("year", dt.date(y, 1, 1), dt.date(y, 12, 31), f"năm {y}")


def term(first: int, last: int) -> Period:
    return Period("term", dt.date(first, 1, 1), dt.date(last, 12, 31), f"nhiệm kỳ {first}–{last}")


def quarter_of(day: dt.date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


_PATTERNS = [
    (r"^(?:thang\s*)?(\d{1,2})\s*/\s*(\d{4})$", lambda m: month(int(m[2]), int(m[1]))),
    (r"^quy\s*(i{1,3}|iv|[1-4])\s*/\s*(?:nam\s*)?(\d{4})$",
     lambda m: quarter(int(m[2]), ROMAN.get(m[1]) or int(m[1]))),
    (r"^quy\s*(i{1,3}|iv|[1-4])\s*nam\s*(\d{4})$", lambda m: quarter(int(m[2]), ROMAN.get(m[1]) or int(m[1]))),
    (r"^6 thang dau nam\s*(\d{4})$", lambda m: half(int(m[1]), 1)),
    (r"^6 thang cuoi nam\s*(\d{4})$", lambda m: half(int(m[1]), 2)),
    (r"^(?:nam\s*|trong nam\s*|den nam\s*|dau nam\s*)?(\d{4})$", lambda m: year(int(m[1]))),
    (r"^(?:nhiem ky\s*|giai doan\s*)?(\d{4})\s*[-–—]\s*(\d{4})$", lambda m: term(int(m[1]), int(m[2]))),
]


def parse_period(text: str) -> Period:
    """Parse a period or a deadline as written in documents. Raises ValueError with a Vietnamese message."""
    raw = " ".join(str(text or "").split())
    folded = fold(raw).replace("–", "-").replace("—", "-")
    for pattern, build in _PATTERNS:
        m = re.match(pattern, folded)
        if m:
            try:
                period = build(m)
            except (ValueError, KeyError) as exc:
                raise ValueError(f"“{raw}” không phải kỳ hợp lệ.") from exc
            if period.kind == "term" and period.end < period.start:
                raise ValueError(f"“{raw}”: năm kết thúc trước năm bắt đầu.")
            return period
    raise ValueError(f"“{raw}” không phải kỳ hợp lệ (vd: tháng 7/2021, quý IV/2021, 6 tháng đầu năm 2023, "
                     "năm 2025, nhiệm kỳ 2020–2025).")
