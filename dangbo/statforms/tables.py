"""A form as the table the committee sends (FORMS.md §2): each row's figure for the period ("Kỳ này"), for the
same period a year before ("Cùng kỳ năm trước") and "(%) kỳ này so với cùng kỳ năm trước" = (2) × 100 / (3),
blank when (3) is 0; the broken checks; the members behind each figure of the period for the drill-down."""

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_percent
from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.statforms import measures, rules
from dangbo.statforms.definitions import Form, Guidance, Row, guidance_on

# measure of a form (its definition's "measure") -> the read that gives its figures and the members behind them
MEASURES = {"increases_decreases": measures.increases_decreases}
LONGEST = relativedelta(years=2)


@dataclass(frozen=True)
class Line:
    row: Row
    now: int
    before: int

    @property
    def share(self) -> str:
        return format_percent(self.now, self.before) if self.before else ""


@dataclass(frozen=True)
class Table:
    guidance: Guidance
    form: Form
    org: Org
    period: Period
    previous: Period
    lines: list[Line]
    broken: list[str]
    members: dict[str, list[int]] = field(default_factory=dict)

    def figures(self) -> dict[str, int]:
        """Every figure of the period ("Kỳ này") by its cell key — the row's key (``"B1"``); on a form of several
        columns ``"row:column"`` — what a finalised snapshot freezes and what it is compared with later."""
        return {line.row.key: line.now for line in self.lines}

    def label_of(self, key: str) -> str:
        """A cell key in words: "dòng B1 (Kết nạp)"."""
        row = next((line.row for line in self.lines if line.row.key == key), None)
        return f"dòng {key} ({row.label})" if row else f"dòng {key}"


def year_before(period: Period) -> Period:
    start, end = period.start - relativedelta(years=1), period.end - relativedelta(years=1)
    return Period(period.kind, start, end, f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")


def custom(start: dt.date, end: dt.date) -> Period:
    return Period("range", start, end, f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")


def checked(start: dt.date, end: dt.date, *, end_field: str = "end") -> Period:
    """A chosen range from ``start`` to ``end`` (both included), refused in Vietnamese naming the end's field when
    it ends before it starts or spans more than two years."""
    if end < start:
        raise DomainError(f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).", field=end_field)
    if end >= start + LONGEST:
        raise DomainError(f"Khoảng thời gian từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} dài quá 2 năm: chọn ngày kết "
                          "thúc sớm hơn.", field=end_field)
    return custom(start, end)


def form_table(*, user, org: Org, code: str, period: Period) -> Table:
    """The form ``code`` of the guidance in force at the period's end, for ``org`` (scoped by its measure)."""
    guidance = guidance_on(period.end)
    if code not in guidance.forms:
        raise DomainError(f"Không có biểu số “{code}” trong {guidance.code}.", field="form")
    form = guidance.forms[code]
    read = MEASURES[form.measure]
    now = read(user=user, org=org, start=period.start, end=period.end)
    previous = year_before(period)
    before = read(user=user, org=org, start=previous.start, end=previous.end)
    lines = [Line(row, now.counts.get(row.key, 0), before.counts.get(row.key, 0)) for row in form.rows]
    return Table(guidance, form, org, period, previous, lines, rules.broken(form, now.counts), now.members)
