"""The working-day calendar without a database: Tết, moved holidays, the published swaps, and the recorded
decisions over the library (RULES.md M5)."""

import datetime as dt

import pytest

from dangbo.workdays.rules import deadline_years, vietnam

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return vietnam([2024, 2025, 2026, 2027])


def test_tet_2025_is_five_days_off_and_the_weekend(cal):
    assert [d.day for d in (D(2025, 1, 27) + dt.timedelta(n) for n in range(6)) if not cal.is_working_day(d)] == [
        27, 28, 29, 30, 31, 1]
    assert cal.why_off(D(2025, 1, 29)) == "Tết Nguyên Đán"
    assert cal.add(D(2025, 1, 24), 1) == D(2025, 2, 3)  # Friday before Tết → Monday after
    assert cal.count(D(2025, 1, 24), D(2025, 2, 3)) == 1


def test_tet_2026_across_a_deadline(cal):
    assert cal.add(D(2026, 2, 13), 1) == D(2026, 2, 23)  # 16–20/02 Tết, then the weekend
    # 60 working days from 05/01/2026: 19 in January, 15 in February (Tết week off), 22 in March, 4 in April
    assert cal.add(D(2026, 1, 5), 60) == D(2026, 4, 6)
    assert cal.count(D(2026, 1, 5), D(2026, 4, 6)) == 60


def test_holidays_moved_off_the_weekend_and_the_swaps(cal):
    assert cal.why_off(D(2026, 4, 27)) == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"  # 10/3 lunar fell on a Sunday
    assert cal.is_working_day(D(2025, 4, 26))  # a Saturday worked for Friday 02/05/2025 off
    assert not cal.is_working_day(D(2025, 5, 2))
    assert cal.is_working_day(D(2026, 8, 22)) and not cal.is_working_day(D(2026, 8, 31))
    assert cal.why_off(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert cal.why_off(D(2026, 11, 28)) == "Thứ Bảy" and cal.why_off(D(2026, 11, 29)) == "Chủ nhật"
    assert cal.is_working_day(D(2026, 11, 30))


def test_recorded_decisions_override_the_library():
    plain = vietnam([2027])
    decided = vietnam([2027], {D(2027, 1, 4): (False, "Nghỉ bù Tết Dương lịch"), D(2027, 1, 9): (True, "Làm bù")})
    assert plain.is_working_day(D(2027, 1, 4)) and not decided.is_working_day(D(2027, 1, 4))
    assert decided.why_off(D(2027, 1, 4)) == "Nghỉ bù Tết Dương lịch"
    assert not plain.is_working_day(D(2027, 1, 9)) and decided.is_working_day(D(2027, 1, 9))
    assert plain.add(D(2027, 1, 1), 2) == D(2027, 1, 5) and decided.add(D(2027, 1, 1), 2) == D(2027, 1, 6)


def test_the_event_day_does_not_count_and_n_must_be_positive(cal):
    assert cal.add(D(2026, 11, 27), 1) == D(2026, 11, 30)  # a Friday's next working day is Monday
    assert cal.count(D(2026, 11, 30), D(2026, 11, 30)) == 0
    with pytest.raises(ValueError):
        cal.add(D(2026, 11, 27), 0)


def test_deadline_years_cover_the_next_year():
    assert list(deadline_years(D(2026, 12, 1), 60)) == [2026, 2027]
    assert list(deadline_years(D(2026, 12, 1), 300)) == [2026, 2027, 2028]
