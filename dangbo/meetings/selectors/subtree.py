"""The cells of a subtree on a day, the schedule window each owes for each month and what each owes in a period —
in a fixed number of queries whatever the number of cells. The compliance alerts, the indicators and the
statistics share it (unscoped: callers have checked the user's scope on the root).

Conventions (RULES.md G1), the same for the alerts and the indicators:

- the cells are those of the root's subtree in the tree of the *tree day* (the period's end, or the as-of day
  while the period runs), each cell with its name that day;
- the rule in force for a cell in a month is the schedule rule valid on the month's first day of the nearest org
  at or above the cell (the cell itself first), ancestors taken in the tree of the tree day; no rule: the month;
- a cell owes the regular meeting of a month once that month's window has closed before the as-of day, if it
  existed for the whole window (founded on or before the window's first day, not ended by its last);
- a cell owes a thematic meeting in a quarter that lies wholly in the period and ended before the as-of day, if it
  existed from the first day of the quarter's last month to the quarter's end (at least a month to hold it);
- a session held "chuyên đề và thường kỳ họp chung một buổi" (``combined_session``) counts both as the month's
  regular meeting and as a thematic meeting, whichever kind it was recorded as;
- only meetings dated on or before the as-of day count (a planned meeting is not a held one).
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat

from dangbo.core.periods import Period
from dangbo.meetings import rules
from dangbo.meetings.choices import MeetingKind
from dangbo.meetings.models import Meeting, ScheduleRule
from dangbo.members.choices import EventKind
from dangbo.members.models import LifecycleEvent
from dangbo.orgs.models import Org, OrgPlacement, Term

# the month's regular meeting, and the quarter's thematic one (a combined session is both)
REGULAR_Q = Q(kind=MeetingKind.REGULAR) | Q(kind=MeetingKind.THEMATIC, combined_session=True)
THEMATIC_Q = Q(kind=MeetingKind.THEMATIC) | Q(kind=MeetingKind.REGULAR, combined_session=True)


def valid_on(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on}))


def tree_day(period: Period, as_of: dt.date) -> dt.date:
    return min(period.end, as_of)


def months_of(period: Period) -> list[dt.date]:
    """The first day of every month the period touches."""
    first, out = period.start.replace(day=1), []
    while first <= period.end:
        out.append(first)
        first += relativedelta(months=1)
    return out


def quarters_of(period: Period) -> list[dt.date]:
    """The first day of every quarter lying wholly inside the period."""
    return [m for m in months_of(period) if m.month in (1, 4, 7, 10) and m >= period.start
            and m + relativedelta(months=3) - dt.timedelta(days=1) <= period.end]


@cache
def quarter_end(first: dt.date) -> dt.date:
    return first + relativedelta(months=3) - dt.timedelta(days=1)


@cache
def quarter_of_month(month: dt.date) -> dt.date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


@cache
def _last_month(quarter: dt.date) -> dt.date:
    return quarter + relativedelta(months=2)


def quarter_label(first: dt.date) -> str:
    return f"quý {('I', 'II', 'III', 'IV')[(first.month - 1) // 3]}/{first.year}"


@dataclass(frozen=True)
class Cell:
    id: int
    path: str
    name: str  # on the tree day
    founded_on: dt.date
    ended_on: dt.date | None

    def lived(self, start: dt.date, end: dt.date) -> bool:
        """Whether the cell existed from ``start`` through ``end`` (``ended_on`` is its first day gone)."""
        return self.founded_on <= start and (self.ended_on is None or self.ended_on > end)


def root_path(org: Org, on: dt.date) -> str | None:
    return OrgPlacement.objects.filter(valid_on(on), org=org).values_list("path", flat=True).first()


def cell_ids_on(path: str, on: dt.date):
    """Subquery of the ids of the cells under ``path`` in the tree of ``on``."""
    return OrgPlacement.objects.filter(valid_on(on), path__startswith=path, org__type__is_cell=True).values("org_id")


def _within_days(rows, day: dt.date) -> list:
    """The rows (``valid_from``, ``valid_to`` first, as ISO text) valid on ``day``, as ``valid_on`` keeps them."""
    iso = day.isoformat()
    return [r for r in rows if r[0] <= iso and (r[1] is None or r[1] > iso)]


def cells_on_days(org: Org, days: list[dt.date]) -> list[tuple[str | None, dict[int, Cell]]]:
    """(root path, ``cells_on``) of each of ``days``, as ``root_path`` and ``cells_on`` give them day by day, from
    one read of the root's placements and one read of the cells per root path (one while the root has not moved):
    the cells of every day's tree, split by day here."""
    if not days:
        return []
    first, last = min(days), max(days)
    span = Q(valid_from__lte=last) & (Q(valid_to__isnull=True) | Q(valid_to__gt=first))
    text = CharField()
    roots = fetched(OrgPlacement.objects.filter(span, org=org).order_by().values_list(
        Cast("valid_from", text), Cast("valid_to", text), "path"))
    # several placements valid on one day (never, but root_path takes the first): leave it to the day-by-day path
    paths = []
    for on in days:
        kept = _within_days(roots, on)
        paths.append(kept[0][2] if len(kept) == 1 else (None if not kept else False))
    out: list = [None] * len(days)
    day = dt.date.fromisoformat
    for path in {p for p in paths if p}:
        rows = fetched(OrgPlacement.objects.filter(span, path__startswith=path, org__type__is_cell=True)
                       .order_by().values_list(Cast("valid_from", text), Cast("valid_to", text), "org_id", "path",
                                               "name", Cast("org__founded_on", text), Cast("org__ended_on", text)))
        for i, on in enumerate(days):
            if paths[i] == path:
                out[i] = (path, {pk: Cell(pk, p, name, day(founded), ended and day(ended))
                                 for _f, _t, pk, p, name, founded, ended in _within_days(rows, on)})
    for i, on in enumerate(days):
        if paths[i] is None:
            out[i] = (None, {})
        elif paths[i] is False:
            path = root_path(org, on)
            out[i] = (path, cells_on(path, on) if path is not None else {})
    return out


def cells_on(path: str, on: dt.date) -> dict[int, Cell]:
    # the dates as text, parsed here: Django's per-value converters cost more than the query for a province
    text = CharField()
    rows = OrgPlacement.objects.filter(valid_on(on), path__startswith=path, org__type__is_cell=True).values_list(
        "org_id", "path", "name", Cast("org__founded_on", text), Cast("org__ended_on", text))
    day = dt.date.fromisoformat
    return {pk: Cell(pk, p, name, day(founded), ended and day(ended)) for pk, p, name, founded, ended in rows}


@dataclass
class Schedules:
    """The windows of many cells: cells under the same rule-setting orgs share one chain and its windows."""

    chains: dict[int, tuple[int, ...]]  # cell id -> the orgs at or above it that set rules, nearest first
    rules_of: dict[int, list[ScheduleRule]]  # org id -> its rules touching the period
    _memo: dict = field(default_factory=dict)

    def rule(self, chain: tuple[int, ...], month: dt.date) -> ScheduleRule | None:
        for owner in chain:
            for r in self.rules_of[owner]:
                if r.valid_from <= month and (r.valid_to is None or r.valid_to > month):
                    return r
        return None

    def chain_window(self, chain: tuple[int, ...], month: dt.date) -> tuple[dt.date, dt.date]:
        key = (chain, month)
        if key not in self._memo:
            r = self.rule(chain, month)
            self._memo[key] = (rules.month_window(None, None, None, False, month) if r is None else
                               rules.month_window(r.kind, r.start_day, r.end_day, r.ends_next_month, month))
        return self._memo[key]

    def window(self, cell_id: int, month: dt.date) -> tuple[dt.date, dt.date]:
        return self.chain_window(self.chains.get(cell_id, ()), month)


def schedules(path: str, cells: dict[int, Cell], months: list[dt.date], on: dt.date) -> Schedules:
    """The rules of every org at or above the cells (the root's ancestors and its subtree, tree of ``on``) that
    touch the months: two queries, then each cell's chain from its path."""
    if not months:
        return Schedules({}, {})
    step = Org.steplen
    above = [path[:n] for n in range(step, len(path), step)]
    touching = ScheduleRule.objects.filter(valid_from__lte=months[-1]).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=months[0]))
    owners = dict(OrgPlacement.objects.filter(valid_on(on), Q(path__in=above) | Q(path__startswith=path),
                                              org_id__in=touching.values("org_id")).values_list("path", "org_id"))
    rules_of: dict[int, list[ScheduleRule]] = {pk: [] for pk in owners.values()}
    for r in touching.filter(org_id__in=list(rules_of)).order_by("-valid_from", "-id"):
        rules_of[r.org_id].append(r)
    chains: dict[int, tuple[int, ...]] = {}
    lengths = sorted({len(p) for p in owners}, reverse=True)
    for cell in cells.values():
        chains[cell.id] = tuple(owners[cell.path[:n]] for n in lengths
                                if n <= len(cell.path) and cell.path[:n] in owners)
    return Schedules(chains, rules_of)


def due_months(cell: Cell, months: list[dt.date], sched: Schedules, as_of: dt.date):
    """(month, window start, window end) of each month the cell owes a regular meeting by ``as_of``."""
    for m in months:
        start, end = sched.window(cell.id, m)
        if end < as_of and cell.lived(start, end):
            yield m, start, end


def due_quarters(cell: Cell, quarters: list[dt.date], as_of: dt.date):
    for q in quarters:
        end = quarter_end(q)
        if end < as_of and cell.lived(_last_month(q), end):
            yield q


def exempt_on_day(day: dt.date) -> Exists:
    """Whether the member of the outer row (``OuterRef("member_id")``) was exempt from work and meetings (M13) on
    ``day``: the rule of ``members.selectors.exempt_on`` — the last exemption fact on or before the day, by date
    then id, decides — as one correlated probe of that member's facts. The kind is compared through an
    expression so that SQLite (no statistics) probes the member's own facts by ``member_id`` instead of walking
    every exemption of the country through the (kind, date) index for each member."""
    def facts(kind: str):
        return (LifecycleEvent.objects.filter(member_id=OuterRef("member_id"), date__lte=day, is_void=False,
                                              superseded_by__isnull=True)
                .annotate(fact=Concat("kind", Value(""), output_field=CharField())).filter(fact=kind))
    ended_after = facts(EventKind.EXEMPT_END).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), id__gt=OuterRef("id")))
    return Exists(facts(EventKind.EXEMPT).exclude(Exists(ended_after)))


# --- one grouped pass over the meetings of a subtree ------------------------------------------------------------

@dataclass
class CellTally:
    """What one cell held and owed in a period (see the module's conventions)."""

    months_due: int = 0
    months_met: int = 0  # due months with a regular meeting inside the window
    quarters_due: int = 0
    quarters_met: int = 0
    regular_with_committee: int = 0  # regular meetings held while the cell had a chi ủy
    prepared: int = 0  # … of them preceded by the committee's preparation meeting for the month
    sessions: int = 0  # meetings of the cell as a whole (CELL_SESSIONS)
    concluded: int = 0  # … with a resolution or conclusion written
    levels: dict = field(default_factory=dict)  # regular meetings by level ("good", …)

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    def add(self, other: "CellTally") -> "CellTally":
        self.months_due += other.months_due
        self.months_met += other.months_met
        self.quarters_due += other.quarters_due
        self.quarters_met += other.quarters_met
        self.regular_with_committee += other.regular_with_committee
        self.prepared += other.prepared
        self.sessions += other.sessions
        self.concluded += other.concluded
        for level, n in other.levels.items():
            self.levels[level] = self.levels.get(level, 0) + n
        return self


@dataclass
class Scan:
    """One read of every meeting of the cells of a subtree in a period, judged against each cell's windows: the
    tallies the indicators sum, and (with ``details``) the records the alerts name. ISO text for every day (no
    date conversion per row: millions of rows at national scale)."""

    on: dt.date  # the tree day
    path: str
    cells: dict[int, Cell]
    sched: "Schedules"
    tallies: dict[int, CellTally]
    # for the alerts: (meeting id, cell id, month, date, window start, window end) …
    outside: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # (cell id, month, window end)
    no_thematic: list = field(default_factory=list)  # (cell id, quarter)
    unprepared: list = field(default_factory=list)  # (meeting id, cell id, month, date)
    bare: list = field(default_factory=list)  # (meeting id, cell id, kind, month, date)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def fetched(query) -> list[tuple]:
    """The rows of a ``values_list`` query as the driver returns them: a subtree's year is ≈ 100.000 rows, and
    Django's per-row iteration would cost as much as SQLite's reading (every column is already plain)."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # e.g. no cell at all: Django knows there is nothing to read
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scan(org: Org, period: Period, as_of: dt.date, *, details: bool = False,
         only: set[int] | None = None, known: tuple[str | None, dict[int, Cell]] | None = None) -> Scan | None:
    """Six queries whatever the number of cells: the root, the cells, the rules (two), the meetings (with their
    cell's chi ủy and its preparation meeting), those without a conclusion. ``only``: just these cells of the subtree (a few: their ids go into the queries). ``known``: the root's path and the cells of the tree day,
    already read (``tally_years``)."""
    on = tree_day(period, as_of)
    path, cells = known if known is not None else (root_path(org, on), None)
    if path is None:
        return None
    if cells is None:
        cells = cells_on(path, on)
    if only is not None:
        cells = {pk: cell for pk, cell in cells.items() if pk in only}
    months, quarters = months_of(period), quarters_of(period)
    sched = schedules(path, cells, months, on)
    out = Scan(on, path, cells, sched, {pk: CellTally() for pk in cells})
    ids = cell_ids_on(path, on) if only is None else list(cells)
    # the windows and the months owed are worked out once per chain of rule-setting orgs, not per cell
    chain_months: dict[tuple, dict[str, tuple[str, str]]] = {}
    for chain in set(sched.chains.values()) | {()}:
        chain_months[chain] = {m.isoformat(): tuple(d.isoformat() for d in sched.chain_window(chain, m))
                               for m in months}
    window_of_cell = {pk: chain_months[sched.chains.get(pk, ())] for pk in cells}
    quarter_of = {m.isoformat(): quarter_of_month(m) for m in months}
    text = CharField()  # text columns come back as they are: no conversion per row
    held = Meeting.objects.filter(org_id__in=ids, month__gte=months[0], month__lte=months[-1],
                                  date__lte=as_of).exclude(kind=MeetingKind.PREPARATION).order_by()
    # whether the cell had a chi ủy on the meeting's day (a term is valid through ``ends_on``) and, if so, whether
    # the chi ủy's preparation meeting of the month came on or before it: NULL, 0 or 1 (two index probes a row)
    committee = Exists(Term.objects.filter(org_id=OuterRef("org_id"), committee__isnull=False,
                                           starts_on__lte=OuterRef("date")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=OuterRef("date"))))
    preparation = Exists(Meeting.objects.filter(org_id=OuterRef("org_id"), month=OuterRef("month"),
                                                kind=MeetingKind.PREPARATION, date__lte=OuterRef("date")))
    prepared = Case(When(committee, then=Case(When(preparation, then=1), default=0)), default=None,
                    output_field=IntegerField())
    # both reads are answered from an index alone (``meeting_scan``; ``meeting_bare``, partial on an empty
    # conclusion): a cell's meetings lie on as many table pages as it has meetings
    flag = IntegerField()
    rows = fetched(held.values_list(
        "id", "org_id", Cast("month", text), Cast("date", text), "level", prepared,
        Case(When(REGULAR_Q, then=1), default=0, output_field=flag),  # counts as the month's regular meeting
        Case(When(THEMATIC_Q, then=1), default=0, output_field=flag)))  # … as the quarter's thematic one
    bare_rows = held.filter(conclusion="").values_list("id", "org_id", "kind", Cast("month", text),
                                                       Cast("date", text))
    held_any: dict[int, set] = {pk: set() for pk in cells}
    held_in: dict[int, set] = {pk: set() for pk in cells}
    held_quarters: dict[int, set] = {pk: set() for pk in cells}
    sessions = dict.fromkeys(cells, 0)
    concluded_n = dict.fromkeys(cells, 0)
    levels: dict[tuple[int, str], int] = {}
    regulars = []
    outside, bare = out.outside, out.bare
    for pk, org_id, month, date, level, prep, regular, thematic in rows:
        if org_id not in sessions:
            continue
        sessions[org_id] += 1
        if thematic:
            held_quarters[org_id].add(quarter_of[month])
        if regular:
            regulars.append((pk, org_id, month, date, prep))
            if level:
                levels[org_id, level] = levels.get((org_id, level), 0) + 1
            start, end = window_of_cell[org_id][month]
            held_any[org_id].add(month)
            if start <= date <= end:
                held_in[org_id].add(month)
            elif details:
                outside.append((pk, org_id, _day(month), _day(date), _day(start), _day(end)))
    for pk, org_id, kind, month, date in bare_rows:
        if org_id in sessions:
            concluded_n[org_id] -= 1
            if details:
                bare.append((pk, org_id, kind, _day(month), _day(date)))
    for org_id, t in out.tallies.items():
        t.sessions, t.concluded = sessions[org_id], sessions[org_id] + concluded_n[org_id]
    for (org_id, level), n in levels.items():
        out.tallies[org_id].levels[level] = n
    for pk, org_id, month, date, prep in regulars:
        if prep is None:  # the cell had no chi ủy that day
            continue
        t = out.tallies[org_id]
        t.regular_with_committee += 1
        if prep:
            t.prepared += 1
        elif details:
            out.unprepared.append((pk, org_id, _day(month), _day(date)))
    whole: dict[tuple, tuple[dict, set]] = {}  # chain -> (months owed, quarters owed) by a cell of every day
    first_start = {chain: min(sched.chain_window(chain, m)[0] for m in months) for chain in chain_months}
    for cell in cells.values():
        chain = sched.chains.get(cell.id, ())
        lived_all = cell.founded_on <= first_start[chain] and cell.ended_on is None
        if lived_all and chain in whole:
            owed_months, owed_quarters = whole[chain]
        else:
            owed_months = {m.isoformat(): end for m, _s, end in due_months(cell, months, sched, as_of)}
            owed_quarters = set(due_quarters(cell, quarters, as_of))
            if lived_all:
                whole[chain] = owed_months, owed_quarters
        t = out.tallies[cell.id]
        t.months_due, t.months_met = len(owed_months), len(owed_months.keys() & held_in[cell.id])
        met_quarters = held_quarters[cell.id]
        t.quarters_due, t.quarters_met = len(owed_quarters), len(owed_quarters & met_quarters)
        if details:
            out.missing += [(cell.id, _day(m), end) for m, end in owed_months.items()
                            if m not in held_any[cell.id]]
            out.no_thematic += [(cell.id, q) for q in owed_quarters if q not in met_quarters]
    return out


def tally(org: Org, period: Period, as_of: dt.date, only: set[int] | None = None) -> dict[int, CellTally]:
    """Every cell of ``org``'s subtree (tree day) with what it held and owed (``scan``)."""
    found = scan(org, period, as_of, only=only)
    return found.tallies if found else {}


def tally_years(org: Org, periods: list[Period], as_of: dt.date) -> list[dict[int, CellTally]]:
    """``tally`` of each of ``periods`` (the years of a dashboard), with the cells of all their tree days read in
    one pass (``cells_on_days``); the rules and the meetings are still read period by period (index ranges of
    each period's own rows)."""
    known = cells_on_days(org, [tree_day(p, as_of) for p in periods])
    out = []
    for period, pair in zip(periods, known, strict=True):
        found = scan(org, period, as_of, known=pair)
        out.append(found.tallies if found else {})
    return out
