"""The dues books of FORMS.md §4 built from figures already read (no database): S01/ĐP of a cell (part I per member
and month, part II per month, quarter and year), S02/ĐP of a level above the cell (per child org and month) and
B01/ĐP, the report upward taken from part II. Each builder checks the book's invariants and keeps what fails in
``problems`` (shown on the page) rather than refusing: a book of bad data must still be readable to be fixed."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from dangbo.core.numbers import format_int
from dangbo.dues import rules

QUARTERS = ((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12))


@dataclass(frozen=True)
class MemberMonthIn:
    """What the book needs of one member of the cell at the end of one month."""

    member_id: int
    name: str
    month: dt.date
    due: int | None  # None: not computable (no declaration, a rate to confirm)
    exempt: bool
    basis: int | None
    paid: int


@dataclass(frozen=True)
class MemberMonth:
    """Part I: ``total`` = this month's due + arrears carried from the previous months of the year; ``unpaid`` =
    total − paid, negative when paid in advance (carried forward as such)."""

    member_id: int
    name: str
    month: dt.date
    exempt: bool
    basis: int | None
    due: int
    arrears: int
    total: int
    paid: int
    unpaid: int
    known: bool = True


@dataclass(frozen=True)
class Totals:
    """Part II row (a month, a quarter or the year). Counts are at the period's end; money is summed."""

    label: str
    members: int | None
    exempt: int | None
    unpaid: int | None
    collected: int
    kept: int
    to_send: int
    sent: int
    not_sent: int
    received: int = 0  # from the levels below (S02 only)


@dataclass
class S01:
    org_name: str
    year: int
    members: list[tuple[str, list[MemberMonth]]]
    months: list[Totals]
    quarters: list[Totals]
    total: Totals
    problems: list[str] = field(default_factory=list)

    def part_two(self) -> list[Totals]:
        """The 12 months with each quarter after its third month, then the year (the book's row order)."""
        out = []
        for index, quarter in enumerate(self.quarters):
            out += self.months[index * 3:index * 3 + 3] + [quarter]
        return out + [self.total]


def month_label(month: dt.date) -> str:
    return f"Tháng {month.month:02d}/{month.year}"


def _money_sum(label: str, rows: list[Totals]) -> Totals:
    last = rows[-1]
    return Totals(label, last.members, last.exempt, last.unpaid, *(sum(getattr(r, name) for r in rows) for name in (
        "collected", "kept", "to_send", "sent", "not_sent")), received=sum(r.received for r in rows))


def roll_up(months: list[Totals], year: int) -> tuple[list[Totals], Totals]:
    """A quarter is the sum of its months, the year the sum of its quarters (counts: those of the last month)."""
    quarters = [_money_sum(f"Quý {i + 1}/{year}", months[i * 3:i * 3 + 3]) for i in range(4)]
    return quarters, _money_sum(f"Năm {year}", quarters)


def period_totals(label: str, *, members, exempt, unpaid, collected: int, sent: int, month: dt.date, org_kind: str,
                  cell_share: Decimal | None = None, received: int = 0) -> Totals:
    """RULES D2: kept and to send up by the share table of the month's regime; not yet sent = to send − sent."""
    kept, to_send = rules.split(collected, month=month, org_kind=org_kind, cell_share=cell_share)
    return Totals(label, members, exempt, unpaid, collected, kept, to_send, sent, to_send - sent, received)


def build_s01(*, org_name: str, year: int, rows: dict[dt.date, list[MemberMonthIn]], collected: dict[dt.date, int],
              sent: dict[dt.date, int], org_kind: str, cell_share: Decimal | None = None) -> S01:
    """FORMS.md §4 S01/ĐP: ``rows`` the cell's members at each month's end; ``collected`` what the cell collected
    for each month (every payment it recorded, reversals netted); ``sent`` what it remitted for each month."""
    carried: dict[int, int] = {}
    per_member: dict[int, tuple[str, list[MemberMonth]]] = {}
    months = []
    for number in range(1, 13):
        month = dt.date(year, number, 1)
        unpaid_count = exempt_count = 0
        for row in rows.get(month, []):
            due = 0 if row.exempt or row.due is None else row.due
            arrears = carried.get(row.member_id, 0)
            total = due + arrears
            line = MemberMonth(row.member_id, row.name, month, row.exempt, None if row.exempt else row.basis, due,
                               arrears, total, row.paid, total - row.paid, known=row.exempt or row.due is not None)
            carried[row.member_id] = line.unpaid
            per_member.setdefault(row.member_id, (row.name, []))[1].append(line)
            exempt_count += row.exempt
            unpaid_count += line.unpaid > 0
        members = len(rows.get(month, []))
        months.append(period_totals(month_label(month), members=members, exempt=exempt_count, unpaid=unpaid_count,
                                    collected=collected.get(month, 0), sent=sent.get(month, 0), month=month,
                                    org_kind=org_kind, cell_share=cell_share))
    quarters, total = roll_up(months, year)
    book = S01(org_name, year, sorted(per_member.values(), key=lambda item: item[0]), months, quarters, total)
    book.problems = check_s01(book)
    return book


def _check_totals(rows: list[Totals]) -> list[str]:
    problems = []
    for r in rows:
        if r.kept + r.to_send != r.collected:
            problems.append(f"{r.label}: trích giữ lại + phải nộp cấp trên khác số đã thu.")
        if r.sent + r.not_sent != r.to_send:
            problems.append(f"{r.label}: đã nộp + chưa nộp khác số phải nộp cấp trên.")
    return problems


def _check_rollup(months: list[Totals], quarters: list[Totals], total: Totals) -> list[str]:
    problems = []
    names = ("collected", "kept", "to_send", "sent", "not_sent", "received")
    for index, quarter in enumerate(quarters):
        for name in names:
            if getattr(quarter, name) != sum(getattr(m, name) for m in months[index * 3:index * 3 + 3]):
                problems.append(f"{quarter.label}: cột {name} khác tổng các tháng.")
    for name in names:
        if getattr(total, name) != sum(getattr(q, name) for q in quarters):
            problems.append(f"{total.label}: cột {name} khác tổng các quý.")
    return problems


def check_s01(book: S01) -> list[str]:
    """FORMS.md §4 invariants: paid + unpaid = due (part I); kept + to send up = collected; to send up = sent +
    not yet sent; a quarter is the sum of its months and the year of its quarters (part II)."""
    problems = [f"{line.name}, {month_label(line.month)}: đã đóng + chưa đóng khác số phải đóng."
                for _name, lines in book.members for line in lines if line.paid + line.unpaid != line.total]
    return problems + _check_totals(book.months + book.quarters + [book.total]) + \
        _check_rollup(book.months, book.quarters, book.total)


@dataclass(frozen=True)
class OrgIn:
    pk: int
    name: str
    org_kind: str  # parameters.OrgKind


@dataclass
class S02:
    """FORMS.md §4 S02/ĐP of ``level``: per child org its months (collected by itself, received from below, kept,
    to send up, sent), then the level's own months, quarters and year (received = what its children sent)."""

    level_name: str
    year: int
    children: list[tuple[str, list[Totals], Totals]]
    months: list[Totals]
    quarters: list[Totals]
    total: Totals
    problems: list[str] = field(default_factory=list)

    def part_two(self) -> list[Totals]:
        return S01.part_two(self)  # the same row order as S01's part II


def _org_months(org: OrgIn, year: int, collected, received, sent, cell_share) -> list[Totals]:
    out = []
    for number in range(1, 13):
        month = dt.date(year, number, 1)
        got = received.get((org.pk, month), 0)
        row = period_totals(month_label(month), members=None, exempt=None, unpaid=None,
                            collected=collected.get((org.pk, month), 0) + got, sent=sent.get((org.pk, month), 0),
                            month=month, org_kind=org.org_kind, cell_share=cell_share, received=got)
        out.append(row)
    return out


def build_s02(*, level: OrgIn, year: int, children: list[OrgIn], collected: dict[tuple[int, dt.date], int],
              remittances: list[tuple[int, int, dt.date, int]], cell_share: Decimal | None = None) -> S02:
    """``collected`` (org id, month) → what the org collected itself; ``remittances`` (from, to, month, amount).
    An org's income for a month is what it collected plus what it received; it keeps its share (RULES D2)."""
    received: dict[tuple[int, dt.date], int] = {}
    sent: dict[tuple[int, dt.date], int] = {}
    for from_id, to_id, month, amount in remittances:
        received[(to_id, month)] = received.get((to_id, month), 0) + amount
        sent[(from_id, month)] = sent.get((from_id, month), 0) + amount
    rows = []
    for child in children:
        months = _org_months(child, year, collected, received, sent, cell_share)
        rows.append((child.name, months, roll_up(months, year)[1]))
    months = _org_months(level, year, collected, received, sent, cell_share)
    quarters, total = roll_up(months, year)
    book = S02(level.name, year, rows, months, quarters, total)
    book.problems = check_s02(book)
    return book


def check_s02(book: S02) -> list[str]:
    """As S01's part II for every org of the book, and a level's received = the sum its children sent."""
    problems = _check_totals(book.months + book.quarters + [book.total])
    problems += _check_rollup(book.months, book.quarters, book.total)
    for index, month in enumerate(book.months):
        children_sent = sum(months[index].sent for _name, months, _total in book.children)
        if month.received != children_sent:
            problems.append(f"{month.label}: cấp trên nhận {format_int(month.received)} đ, các tổ chức cấp "
                            f"dưới nộp {format_int(children_sent)} đ.")
    for name, months, _total in book.children:
        problems += [f"{name} — {p}" for p in _check_totals(months)]
    return problems


def b01(part_two: list[Totals], quarter: int | None = None) -> list[Totals]:
    """FORMS.md §4 B01/ĐP, the report upward from part II: a quarter's months and its total, or the whole year."""
    if quarter is None:
        return part_two
    return part_two[(quarter - 1) * 4:quarter * 4]
