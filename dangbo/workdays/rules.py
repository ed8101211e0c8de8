"""Working days (ngày làm việc) of the state calendar for officials, as the regulations count their deadlines:
60 working days for the admission decision, 30 for the ceremony and for recognition (RULES.md M5–M7), 60 and 30
for transfers (M14). Pure: the holidays come from the ``holidays`` library (Tết placed by the lunar calendar,
fixed holidays moved off weekends, the published swaps) and the recorded decisions override it, day by day."""

import datetime as dt
from dataclasses import dataclass, field

import holidays

WORKING_DAYS = "Bộ luật Lao động 2019, Điều 112 (nghỉ lễ, tết); các thông báo nghỉ lễ, tết hằng năm"
_ONE = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Saturday and Sunday off, the holidays off, the make-up Saturdays worked; ``overrides`` (day -> (working,
    name)) decide over all of it."""

    holidays: dict[dt.date, str]
    make_up_days: frozenset[dt.date] = frozenset()
    overrides: dict[dt.date, tuple[bool, str]] = field(default_factory=dict)

    def why_off(self, day: dt.date) -> str | None:
        """None on a working day; else the reason it is not one (the holiday's Vietnamese name, or the weekend)."""
        if day in self.overrides:
            working, name = self.overrides[day]
            return None if working else name
        if day in self.holidays:
            return self.holidays[day]
        if day.weekday() >= 5 and day not in self.make_up_days:
            return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.why_off(day) is None

    def add(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (the day of the event does not count): the last day of a
        deadline of ``n`` working days."""
        if n < 1:
            raise ValueError("Số ngày làm việc phải từ 1 trở lên.")
        day = start
        while n:
            day += _ONE
            n -= self.is_working_day(day)
        return day

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
        n, day = 0, start
        while day < end:
            day += _ONE
            n += self.is_working_day(day)
        return n


def vietnam(years, overrides: dict[dt.date, tuple[bool, str]] | None = None) -> WorkCalendar:
    """Vietnam's calendar over ``years`` (a deadline may run into the next year: give it too)."""
    found = holidays.country_holidays("VN", years=sorted(set(years)), language="vi")
    return WorkCalendar(dict(found.items()), frozenset(getattr(found, "weekend_workdays", ())), overrides or {})


def deadline_years(start: dt.date, n: int) -> range:
    """The years a deadline of ``n`` working days from ``start`` may touch (a year has ≥ 240 working days)."""
    return range(start.year, start.year + 2 + n // 240)
