"""The nine indicators' figures of a closed year read from ``YearTally``: one row per org of the subtree instead
of every meeting and member. Orgs without a row (never filled, or voided by a change since) are counted live, a
few at a time; many missing rows mean the year was not filled: the caller counts the subtree live.
"""

import datetime as dt
from dataclasses import dataclass

from dangbo.core.periods import Period
from dangbo.meetings.models import YearTally
from dangbo.meetings.selectors.member_figures import MemberFigures, figures_by_org
from dangbo.meetings.selectors.subtree import CellTally, root_path, tally, valid_on
from dangbo.orgs.models import OrgPlacement

# Above this many orgs without a row, counting the whole subtree live beats putting their ids in the queries.
LIVE_AT_MOST = 500
CELL_FIELDS = ("months_due", "months_met", "quarters_due", "quarters_met", "regular_with_committee", "prepared",
               "sessions", "concluded")
LEVELS = ("good", "fair", "average", "poor")
MEMBER_FIELDS = ("members", "tasked", "committed", "planned", "working", "liaised")


def year_closed(year: int, today: dt.date) -> bool:
    """Whether a year's figures can no longer move with the calendar: its last window — December's, at the latest
    the last day of January ("chậm nhất ngày … tháng sau", G1) — has closed and every quarter has ended."""
    return today > dt.date(year + 1, 1, 31)


def closed_year_of(period: Period, today: dt.date) -> int | None:
    """The year, if ``period`` is a whole calendar year that has closed (the only periods the tally keeps)."""
    year = period.start.year
    if (period.start, period.end) == (dt.date(year, 1, 1), dt.date(year, 12, 31)) and year_closed(year, today):
        return year
    return None


@dataclass
class YearFigures:
    cells: dict[int, CellTally]
    members: dict[int, MemberFigures]


COLUMNS = ("org_id", "is_cell", *CELL_FIELDS, *LEVELS, *MEMBER_FIELDS)
_CELL, _LEVEL, _MEMBER = slice(2, 10), slice(10, 14), slice(14, 20)


def from_row(row: tuple) -> tuple[CellTally | None, MemberFigures | None]:
    """A row of ``COLUMNS``: the cell's figures (None for an org that is not a cell), its members' (None: none)."""
    cell = None
    if row[1]:
        cell = CellTally(*row[_CELL], levels={lv: n for lv, n in zip(LEVELS, row[_LEVEL], strict=True) if n})
    return cell, (MemberFigures(*row[_MEMBER]) if row[14] else None)


def to_row(cell: CellTally | None, members: MemberFigures | None) -> dict:
    cell, members = cell or CellTally(), members or MemberFigures()
    return {**{f: getattr(cell, f) for f in CELL_FIELDS}, **{lv: cell.levels.get(lv, 0) for lv in LEVELS},
            **{f: getattr(members, f) for f in MEMBER_FIELDS}}


def subtree(path: str, on: dt.date):
    return OrgPlacement.objects.filter(valid_on(on), path__startswith=path)


def orgs_on(path: str, on: dt.date) -> dict[int, bool]:
    """Every org of the subtree on ``on``: whether it is a cell."""
    return dict(subtree(path, on).values_list("org_id", "org__type__is_cell"))


def tally_rows(year: int, path: str, on: dt.date):
    return YearTally.objects.filter(year=year, org_id__in=subtree(path, on).values("org_id"))


def live(org, period: Period, today: dt.date, only: set[int] | None = None) -> YearFigures:
    """The same figures counted from the meetings and members (``only``: just these orgs)."""
    return YearFigures(tally(org, period, today, only=only),
                       figures_by_org(org=org, start=period.start, on=period.end,
                                      only=None if only is None else sorted(only)))


def year_figures(org, period: Period, today: dt.date) -> YearFigures | None:
    """The figures of a closed year; None for any other period or a year not filled: the caller counts live."""
    year = closed_year_of(period, today)
    if year is None or not YearTally.objects.filter(year=year).exists():
        return None
    path = root_path(org, period.end)
    if path is None:
        return YearFigures({}, {})
    out = YearFigures({}, {})
    rows = tally_rows(year, path, period.end).values_list(*COLUMNS)
    for row in rows:
        cell, members = from_row(row)
        if cell is not None:
            out.cells[row[0]] = cell
        if members is not None:
            out.members[row[0]] = members
    if not rows:
        return None
    missing = set()
    if len(rows) < subtree(path, period.end).count():  # a row per org: a count tells whether any is missing
        missing = orgs_on(path, period.end).keys() - {row[0] for row in rows}
    if len(missing) > LIVE_AT_MOST:
        return None
    if missing:
        counted = live(org, period, today, only=missing)
        out.cells.update(counted.cells)
        out.members.update(counted.members)
    return out
