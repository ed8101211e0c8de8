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
from django.db.models import Case, CharField, Count, Exists, F, IntegerField, Max, OuterRef, Q, Value, When
from django.db.models.functions import Cast

from dangbo.core.periods import Period
from dangbo.meetings import rules
from dangbo.meetings.choices import CELL_SESSIONS, LEVEL_ORDER, MeetingKind
from dangbo.meetings.models import Meeting, ScheduleRule
from dangbo.members.choices import EventKind
from dangbo.members.models import LifecycleEvent
from dangbo.orgs.models import Committee, Org, OrgPlacement

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


def cells_on(path: str, on: dt.date) -> dict[int, Cell]:
    rows = OrgPlacement.objects.filter(valid_on(on), path__startswith=path, org__type__is_cell=True).values_list(
        "org_id", "path", "name", "org__founded_on", "org__ended_on")
    return {pk: Cell(pk, p, name, founded, ended) for pk, p, name, founded, ended in rows}


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


def regular_rows(cell_ids, months: list[dt.date], as_of: dt.date):
    """(id, org id, month, date) of the regular meetings (combined sessions included) of the months."""
    return Meeting.objects.filter(REGULAR_Q, org_id__in=cell_ids, month__gte=months[0], month__lte=months[-1],
                                  date__lte=as_of).values_list("id", "org_id", "month", "date")


def committee_on_meeting():
    """Whether the meeting's cell had a committee (chi ủy) on the meeting's date (a term is valid through
    ``ends_on``)."""
    return Exists(Committee.objects.filter(term__org_id=OuterRef("org_id"), term__starts_on__lte=OuterRef("date"))
                  .filter(Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=OuterRef("date"))))


def prepared_meeting():
    """Whether a preparation meeting of the cell's committee for the same month was held on or before it."""
    return Exists(Meeting.objects.filter(org_id=OuterRef("org_id"), kind=MeetingKind.PREPARATION,
                                         month=OuterRef("month"), date__lte=OuterRef("date")))


def exempt_members_on(day: dt.date, members=None):
    """Subquery of the members exempt from work and meetings (M13) on ``day``: the same rule as
    ``members.selectors.exempt_on`` (the last exemption fact on or before the day decides), set-based for
    millions of members. Two facts of one member on one day: the exemption only if it is the later by date."""
    events = LifecycleEvent.objects.filter(kind__in=[EventKind.EXEMPT, EventKind.EXEMPT_END], date__lte=day,
                                           is_void=False, superseded_by__isnull=True)
    if members is not None:
        events = events.filter(member_id__in=members)
    return (events.values("member_id")
            .annotate(began=Max(Case(When(kind=EventKind.EXEMPT, then="date"))),
                      ended=Max(Case(When(kind=EventKind.EXEMPT_END, then="date"))))
            .filter(Q(began__isnull=False) & (Q(ended__isnull=True) | Q(began__gt=F("ended"))))
            .values("member_id"))


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


def _flag(condition: Q):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def tally(org: Org, period: Period, as_of: dt.date) -> dict[int, CellTally]:
    """Every cell of ``org``'s subtree (tree day) with what it held and owed: six queries whatever the number
    of cells — the root, the cells, the rules (two), one grouped pass over the meetings and the regular meetings'
    dates (whose windows differ per cell)."""
    on = tree_day(period, as_of)
    path = root_path(org, on)
    if path is None:
        return {}
    cells = cells_on(path, on)
    months, quarters = months_of(period), quarters_of(period)
    sched = schedules(path, cells, months, on)
    out = {pk: CellTally() for pk in cells}
    ids = cell_ids_on(path, on)
    in_period = Meeting.objects.filter(org_id__in=ids, month__gte=months[0], month__lte=months[-1], date__lte=as_of)
    regular = REGULAR_Q
    with_committee = regular & Q(committee_on_meeting())
    figures = {
        "sessions": Count("id", filter=Q(kind__in=CELL_SESSIONS)),
        "concluded": Count("id", filter=Q(kind__in=CELL_SESSIONS) & ~Q(conclusion="")),
        "with_committee": Count("id", filter=with_committee),
        "prepared": Count("id", filter=with_committee & Q(prepared_meeting())),
        **{f"level_{lv}": Count("id", filter=regular & Q(level=lv)) for lv in LEVEL_ORDER},
        **{f"q{i}": Max(_flag(THEMATIC_Q & Q(month__gte=q, month__lte=quarter_end(q))))
           for i, q in enumerate(quarters)},
    }
    held_quarters: dict[int, set] = {}
    for row in in_period.values("org_id").annotate(**figures).order_by():
        t = out.get(row["org_id"])
        if t is None:
            continue
        t.sessions, t.concluded = row["sessions"], row["concluded"]
        t.regular_with_committee, t.prepared = row["with_committee"], row["prepared"]
        t.levels = {lv: row[f"level_{lv}"] for lv in LEVEL_ORDER if row[f"level_{lv}"]}
        held_quarters[row["org_id"]] = {q for i, q in enumerate(quarters) if row[f"q{i}"]}
    # the regular meetings' days as ISO text (no date conversion per row: millions at national scale), each
    # checked against its cell's window; the windows and the months owed are worked out once per chain
    chain_months: dict[tuple, dict[str, tuple[str, str]]] = {}
    for chain in set(sched.chains.values()) | {()}:
        chain_months[chain] = {m.isoformat(): tuple(d.isoformat() for d in sched.chain_window(chain, m))
                               for m in months}
    window_of_cell = {pk: chain_months[sched.chains.get(pk, ())] for pk in cells}
    held: dict[int, set] = {}
    rows = Meeting.objects.filter(REGULAR_Q, org_id__in=ids, month__gte=months[0], month__lte=months[-1],
                                  date__lte=as_of).values_list("org_id", Cast("month", CharField()),
                                                               Cast("date", CharField()))
    for org_id, month, date in rows:
        windows = window_of_cell.get(org_id)
        if windows is not None:
            start, end = windows[month]
            if start <= date <= end:
                held.setdefault(org_id, set()).add(month)
    whole: dict[tuple, tuple[set, set]] = {}  # chain -> (months owed, quarters owed) by a cell of every day
    first_start = {chain: min(sched.chain_window(chain, m)[0] for m in months) for chain in chain_months}
    for cell in cells.values():
        chain = sched.chains.get(cell.id, ())
        lived_all = cell.founded_on <= first_start[chain] and cell.ended_on is None
        if lived_all and chain in whole:
            owed_months, owed_quarters = whole[chain]
        else:
            owed_months = {m.isoformat() for m, _s, _e in due_months(cell, months, sched, as_of)}
            owed_quarters = set(due_quarters(cell, quarters, as_of))
            if lived_all:
                whole[chain] = owed_months, owed_quarters
        t = out[cell.id]
        t.months_due, t.months_met = len(owed_months), len(owed_months & held.get(cell.id, set()))
        t.quarters_due = len(owed_quarters)
        t.quarters_met = len(owed_quarters & held_quarters.get(cell.id, set()))
    return out
