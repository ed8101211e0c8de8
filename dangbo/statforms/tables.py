"""A form as the table the committee sends (FORMS.md §2): each row's figure for the period ("Kỳ này"), for the
same period a year before ("Cùng kỳ năm trước") and "(%) kỳ này so với cùng kỳ năm trước" = (2) × 100 / (3),
blank when (3) is 0; the broken checks; the members behind each figure of the period for the drill-down."""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from dangbo.core.collector import gc_paused
from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_int, format_percent
from dangbo.core.periods import Period
from dangbo.orgs.models import Org
from dangbo.statforms import measures, member_work, profiles, ratings, rules, traits
from dangbo.statforms.bands import format_average
from dangbo.statforms.definitions import Form, Guidance, Row, guidance_on
from dangbo.statforms.flows import Flows

# measure of a form (its definition's "measure") -> the read that gives its figures and the members behind them
MEASURES = {"increases_decreases": measures.increases_decreases, "ratings": ratings.ratings,
            "self_criticism": ratings.self_criticism, "new_members": profiles.new_members,
            "roster": profiles.roster, "base_types": profiles.base_types, "member_work": member_work.member_work}
LONGEST = relativedelta(years=2)


@dataclass(frozen=True)
class Cell:
    """One figure of the period on a row: its key (``"B1"``, ``"I:women"``; "" for a computed percentage), the
    value, its printed text, and whether there are members or orgs behind it to list."""

    key: str
    value: int | Fraction | None
    text: str
    link: bool = False


@dataclass(frozen=True)
class Line:
    row: Row
    now: int | Fraction | None  # the main figure of the period (the row's, or its main column's)
    before: int | Fraction | None  # the same a year before
    cells: tuple[Cell, ...] = ()  # every figure of the period, one per column of the form

    @property
    def share(self) -> str:
        if self.row.average or not self.before:
            return ""
        return format_percent(self.now, self.before)

    @property
    def before_text(self) -> str:
        return _text(self.row, self.before)


def _text(row: Row, value) -> str:
    if row.average:
        return format_average(value)
    return format_int(value or 0)


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

    orgs: dict[str, list[int]] = field(default_factory=dict)
    note: str = ""  # what the measure says of this period (a yearly form asked for half a year: which year)

    @property
    def heads(self) -> list[str]:
        """The headers of the period's columns: "Kỳ này", or the form's own columns."""
        return [c.label for c in self.form.columns] or ["Kỳ này"]

    @property
    def main_label(self) -> str:
        return next((c.label for c in self.form.columns if c.key == self.form.main), "")

    def figures(self) -> dict[str, int | float]:
        """Every figure of the period ("Kỳ này") by its cell key — the row's key (``"B1"``); on a form of several
        columns ``"row:column"`` — what a finalised snapshot freezes and what it is compared with later. An
        average is given to one decimal."""
        out = {}
        for line in self.lines:
            for cell in line.cells:
                if cell.key:
                    out[cell.key] = (float(round(cell.value, 1)) if isinstance(cell.value, Fraction)
                                     else cell.value or 0)
        return out

    def label_of(self, key: str) -> str:
        """A cell key in words: "dòng B1 (Kết nạp)", "dòng 1 (Xã), cột “Đảng viên”"."""
        row_key, _, col_key = key.partition(":")
        row = next((line.row for line in self.lines if line.row.key == row_key), None)
        text = f"dòng {row_key} ({row.label})" if row else f"dòng {row_key}"
        col = next((c for c in self.form.columns if c.key == col_key), None)
        return f"{text}, cột “{col.label}”" if col else text


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


def _cells(form: Form, row: Row, figures, behind: set[str]) -> tuple[Cell, ...]:
    if not form.columns:
        value = figures.get(row.key, 0)
        return (Cell(row.key, value, _text(row, value), row.key in behind),)
    out = []
    for col in form.columns:
        if col.ratio:
            part, whole = (figures.get(f"{row.key}:{k}", 0) for k in col.ratio)
            out.append(Cell("", None, format_percent(part, whole) if whole else ""))
        else:
            key = f"{row.key}:{col.key}"
            value = figures.get(key, 0)
            out.append(Cell(key, value, _text(row, value), key in behind))
    return tuple(out)


def _figures(form: Form, found):
    """A measure's figures: a population with traits (forms 2–5) is tallied into the form's cells."""
    if isinstance(found, profiles.Profile):  # shared by the forms of a set: each tallies into its own figures
        figures = Flows()
        traits.tally(form, {}, found.org_traits, {}, figures, grouped=found.grouped, age_sums=found.age_sums)
        return figures
    return found


def form_of(code: str, period: Period) -> tuple[Guidance, Form]:
    """The guidance in force at the period's end and its form ``code`` (refused, naming it, when it has none)."""
    guidance = guidance_on(period.end)
    if code not in guidance.forms:
        raise DomainError(f"Không có biểu số “{code}” trong {guidance.code}.", field="form")
    return guidance, guidance.forms[code]


def measured(*, user, org: Org, form: Form, period: Period) -> tuple[Flows, Flows]:
    """The figures of ``form`` for ``org`` (scoped by its measure): the period's and the same period's a year
    before."""
    read = MEASURES[form.measure]
    previous = year_before(period)
    with gc_paused():  # a form builds hundreds of thousands of small objects, none in a cycle
        now = _figures(form, read(user=user, org=org, start=period.start, end=period.end))
        before = _figures(form, read(user=user, org=org, start=previous.start, end=previous.end))
    return now, before


def assemble(guidance: Guidance, form: Form, org: Org, period: Period, now: Flows, before: Flows) -> Table:
    """The table of ``form`` from its figures: each row's line, the broken checks, the members behind."""
    behind = {k for k, ids in now.members.items() if ids} | {k for k, ids in now.orgs.items() if ids}
    lines = []
    for row in form.rows:
        main = f"{row.key}:{form.main}" if form.columns else row.key
        lines.append(Line(row, now.counts.get(main, 0), before.counts.get(main, 0),
                          _cells(form, row, now.counts, behind)))
    return Table(guidance, form, org, period, year_before(period), lines, rules.broken(form, now.counts),
                 now.members, now.orgs, getattr(now, "note", ""))


def form_table(*, user, org: Org, code: str, period: Period) -> Table:
    """The form ``code`` of the guidance in force at the period's end, for ``org`` (scoped by its measure)."""
    guidance, form = form_of(code, period)
    now, before = measured(user=user, org=org, form=form, period=period)
    return assemble(guidance, form, org, period, now, before)
