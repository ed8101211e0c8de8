"""The calendar in force: the library's holidays with the recorded decisions over them. Not scoped: the state
calendar is the same for everyone and holds nothing personal."""

import datetime as dt

from dangbo.workdays.models import DayKind, DayOverride
from dangbo.workdays.rules import WorkCalendar, deadline_years, vietnam


def calendar_for(years) -> WorkCalendar:
    years = sorted(set(years))
    rows = DayOverride.objects.filter(day__year__gte=years[0], day__year__lte=years[-1]).values_list(
        "day", "kind", "name")
    return vietnam(years, {day: (kind == DayKind.WORK, name) for day, kind, name in rows})


def deadline(start: dt.date, working_days: int) -> dt.date:
    """The last day of a deadline of ``working_days`` working days counted from ``start``."""
    return calendar_for(deadline_years(start, working_days)).add(start, working_days)


def days_off(year: int) -> list[tuple[dt.date, str, str]]:
    """Every weekday off and every Saturday worked in ``year``: (day, name, "nghỉ" | "làm bù"), in order."""
    cal = calendar_for([year])
    out, day = [], dt.date(year, 1, 1)
    while day.year == year:
        why = cal.why_off(day)
        if why is not None and day.weekday() < 5:
            out.append((day, why, "nghỉ"))
        elif why is None and day.weekday() >= 5:
            name = cal.overrides.get(day, (True, "Ngày làm bù"))[1]
            out.append((day, name, "làm bù"))
        day += dt.timedelta(days=1)
    return out
