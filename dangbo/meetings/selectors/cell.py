"""Reads of one cell's meetings month by month: the cell page (a bounded span of months, each with its regular
meeting or the window it is due in, and the other meetings counted for it) and the month the secretary's phone
page records. The windows of a whole span come from three queries, not three per month."""

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.core.text import fold
from dangbo.meetings import rules
from dangbo.meetings.choices import MeetingKind
from dangbo.meetings.models import Meeting, ScheduleRule
from dangbo.meetings.selectors import meetings_of
from dangbo.orgs.models import Org, OrgPlacement

MONTHS_PER_PAGE = 12
CELL_CHOICES = 30


def _overlaps(lo: dt.date, hi: dt.date) -> Q:
    return Q(valid_from__lte=hi) & (Q(valid_to__isnull=True) | Q(valid_to__gt=lo))


def _valid(row, on: dt.date) -> bool:
    return row.valid_from <= on and (row.valid_to is None or on < row.valid_to)


def _prefixes(path: str) -> list[str]:
    return [path[:n] for n in range(len(path), 0, -Org.steplen)]


def windows_for(*, org: Org, months: list[dt.date]) -> dict[dt.date, tuple[dt.date, dt.date, ScheduleRule | None]]:
    """``selectors.window_of`` for every month of ``months`` (firsts of months) at once: the cell's chain of
    ancestors as the tree stood on each month's first day, and the nearest schedule rule valid that day (G1)."""
    if not months:
        return {}
    lo, hi = min(months), max(months)
    own = list(OrgPlacement.objects.filter(_overlaps(lo, hi), org=org))
    at = {m: next((p for p in own if _valid(p, m)), None) for m in months}
    paths = {p for m in months for p in _prefixes(at[m].path if at[m] else org.path)}
    placed = list(OrgPlacement.objects.filter(_overlaps(lo, hi), path__in=paths))
    current = dict(Org.objects.filter(path__in=_prefixes(org.path)).values_list("path", "id")) \
        if any(a is None for a in at.values()) else {}
    chains = {}
    for m in months:
        chain_paths = _prefixes(at[m].path if at[m] else org.path)
        by_path = {p.path: p.org_id for p in placed if p.path in chain_paths and _valid(p, m)}
        if at[m] is None:
            by_path.update(current)
        chains[m] = [by_path[p] for p in chain_paths if p in by_path]
    ids = {pk for chain in chains.values() for pk in chain}
    schedules = list(ScheduleRule.objects.filter(_overlaps(lo, hi), org_id__in=ids).select_related("org"))
    out = {}
    for m in months:
        found = {r.org_id: r for r in schedules if _valid(r, m)}
        rule = next((found[pk] for pk in chains[m] if pk in found), None)
        if rule is None:
            out[m] = (*rules.month_window(None, None, None, False, m), None)
        else:
            out[m] = (*rules.month_window(rule.kind, rule.start_day, rule.end_day, rule.ends_next_month, m), rule)
    return out


def due_windows(*, org: Org, on: dt.date, count: int = 2) -> list[tuple[dt.date, dt.date, dt.date]]:
    """``selectors.next_due`` in three queries: the next regular meetings due from ``on`` — (month, window start,
    window end) of the first ``count`` months from last month whose window has not ended."""
    first = on.replace(day=1) - relativedelta(months=1)
    months = [first + relativedelta(months=i) for i in range(count + 2)]  # a window ends at most a month later
    windows = windows_for(org=org, months=months)
    return [(m, start, end) for m in months for start, end, _rule in [windows[m]] if end >= on][:count]


@dataclass
class MonthRow:
    """One month of the cell page: its regular meeting(s) or the window it is due in, and the other meetings."""

    month: dt.date
    start: dt.date
    end: dt.date
    rule: ScheduleRule | None
    regular: list[Meeting] = field(default_factory=list)
    others: list[Meeting] = field(default_factory=list)
    state: str = ""  # held / late (no regular meeting, window over) / due (window open) / ahead

    @property
    def thematic(self) -> bool:
        return any(m.kind == MeetingKind.THEMATIC for m in self.others) or any(
            m.combined_session for m in self.regular)


def _state(row: MonthRow, on: dt.date) -> str:
    if any(m.date <= on for m in row.regular):
        return "held"
    if row.end < on:
        return "late"
    if row.start <= on:
        return "due"
    return "ahead"


def span_months(last: dt.date, count: int = MONTHS_PER_PAGE, first_allowed: dt.date | None = None) -> list[dt.date]:
    """``count`` months ending with ``last`` (newest first), none before ``first_allowed``'s month."""
    out = [last - relativedelta(months=i) for i in range(count)]
    if first_allowed is not None:
        floor = first_allowed.replace(day=1)
        out = [m for m in out if m >= floor]
    return out


def cell_months(*, user, org: Org, months: list[dt.date], on: dt.date) -> list[MonthRow]:
    """The months of the span (newest first), each with the meetings counted for it. Two reads of meetings and
    windows whatever the number of months, meetings or members."""
    if not months:
        return []
    windows = windows_for(org=org, months=months)
    rows = {m: MonthRow(m, *windows[m]) for m in months}
    for meeting in (meetings_of(user=user, org=org).filter(month__gte=min(months), month__lte=max(months))
                    .select_related("topic", "preparer").order_by("date", "id")):
        row = rows.get(meeting.month)
        if row is None:
            continue
        (row.regular if meeting.kind == MeetingKind.REGULAR else row.others).append(meeting)
    for row in rows.values():
        row.state = _state(row, on)
    return [rows[m] for m in months]


def phone_month(*, user, org: Org, on: dt.date) -> dt.date:
    """The month the secretary's "this month's meeting" records on ``on``: last month's while its window is still
    open and it has no regular meeting yet (a window may end in the next month, 003), else this month."""
    current = on.replace(day=1)
    previous = current - relativedelta(months=1)
    _start, end, _rule = windows_for(org=org, months=[previous])[previous]
    if end >= on and not meetings_of(user=user, org=org).filter(kind=MeetingKind.REGULAR, month=previous).exists():
        return previous
    return current


def regular_of(*, user, org: Org, month: dt.date) -> Meeting | None:
    """The regular meeting recorded for the month (the latest if, by mistake, there are two)."""
    return meetings_of(user=user, org=org).filter(kind=MeetingKind.REGULAR, month=month).order_by("-date", "-id").first()


def last_times(*, user, org: Org) -> tuple[dt.time | None, dt.time | None]:
    """The start and end time of the cell's last regular meeting that recorded them: the habit to prefill."""
    last = (meetings_of(user=user, org=org).filter(kind=MeetingKind.REGULAR, starts_at__isnull=False)
            .order_by("-date", "-id").values_list("starts_at", "ends_at").first())
    return last if last else (None, None)


def cells_for(*, user, q: str = "") -> tuple[list[Org], list[Org]]:
    """The cells the user's grants sit on, and (when something is typed) the few cells of the scope whose name
    matches — never a list of every cell of a province."""
    scope = scope_for(user)
    own = list(Org.objects.filter(path__in=scope.read_paths, type__is_cell=True).order_by("path")) \
        if scope.read_paths else []
    found = []
    tokens = fold(q).split()
    if tokens:
        qs = Org.objects.filter(scope.org_q(), type__is_cell=True)
        for token in tokens:
            qs = qs.filter(search_name__contains=token)
        found = list(qs.order_by("path")[:CELL_CHOICES])
    return own, found
