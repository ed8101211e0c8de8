"""The rating of cell meetings (G3) over a subtree: how many regular meetings (combined sessions included) were
rated Tốt / Khá / Trung bình / Yếu, per month and per child of the org — two grouped queries whatever the
number of cells. The page, its XLSX, the API, the indicator ``meeting_rating_distribution`` and the report's
sentence read these figures."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from dangbo.accounts.scope import scope_for
from dangbo.core.numbers import percent
from dangbo.core.periods import Period
from dangbo.meetings.choices import LEVEL_ORDER
from dangbo.meetings.models import Meeting
from dangbo.meetings.paragraphs import CELLS, GRASSROOTS_CELLS, SUBCELLS
from dangbo.meetings.selectors import subtree as st
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import child_of_on

LEVELS = [str(lv) for lv in LEVEL_ORDER]


@dataclass
class Levels:
    """Regular meetings by level; ``held`` counts those not yet rated too."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    held: int = 0

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def good(self) -> int:
        return self.counts["good"]

    def share(self, level: str):
        return percent(self.counts[level], self.rated)

    def add(self, level: str, n: int) -> None:
        self.held += n
        if level in self.counts:
            self.counts[level] += n


@dataclass
class ChildRow:
    org_id: int
    name: str
    levels: Levels
    is_cell: bool


@dataclass
class Distribution:
    org: Org
    period: Period
    on: dt.date  # the tree day
    months: list[tuple[dt.date, Levels]]
    children: list[ChildRow]
    total: Levels


def _regular(path: str, period: Period, as_of: dt.date):
    months = st.months_of(period)
    return Meeting.objects.filter(st.REGULAR_Q, org_id__in=st.cell_ids_on(path, st.tree_day(period, as_of)),
                                  month__gte=months[0], month__lte=months[-1], date__lte=as_of)


def level_groups(*, org: Org, period: Period, as_of: dt.date) -> list[tuple[str, dict]]:
    """The pooled levels of the subtree over the period by kind of cell, as 002 reports them: (noun, {level: n})
    for the chi bộ cơ sở and the chi bộ trực thuộc — or one ("chi bộ", …) when the subtree has one kind."""
    path = st.root_path(org, st.tree_day(period, as_of))
    if path is None:
        return []
    kinds: dict[bool, Levels] = {}
    rows = _regular(path, period, as_of).values_list("org__type__is_grassroots", "level").annotate(n=Count("id"))
    for grassroots, level, n in rows.order_by():
        kinds.setdefault(grassroots, Levels()).add(level, n)
    kinds = {k: v for k, v in kinds.items() if v.rated}
    if len(kinds) < 2:
        return [(CELLS, v.counts) for v in kinds.values()]
    return [(GRASSROOTS_CELLS, kinds[True].counts), (SUBCELLS, kinds[False].counts)]


def distribution(*, user, org: Org, period: Period, as_of: dt.date) -> Distribution:
    """Per month (the month each meeting counts for) and per child of ``org`` (the tree day's children; a cell
    is its own row). Scoped: raises OutOfScope when the user cannot read ``org``."""
    scope_for(user).require_path(org.path)
    on = st.tree_day(period, as_of)
    months = {m: Levels() for m in st.months_of(period)}
    total = Levels()
    path = st.root_path(org, on)
    if path is None:
        return Distribution(org, period, on, list(months.items()), [], total)
    meetings = _regular(path, period, as_of)
    for month, level, n in meetings.values_list("month", "level").annotate(n=Count("id")).order_by():
        months[month].add(level, n)
        total.add(level, n)
    child_of = child_of_on(org=org, on=on)
    kids = sorted(set(child_of.values()))
    rows = {kid: Levels() for kid in kids}
    own = Levels()  # the org itself is a cell
    for org_id, level, n in meetings.values_list("org_id", "level").annotate(n=Count("id")).order_by():
        (rows[child_of[org_id]] if org_id in child_of else own).add(level, n)
    placed = OrgPlacement.objects.filter(st.valid_on(on), org_id__in=kids).order_by("path").values_list(
        "org_id", "name", "org__type__is_cell")
    children = [ChildRow(kid, name, rows[kid], is_cell) for kid, name, is_cell in placed]
    if own.held:
        children.insert(0, ChildRow(org.pk, org.name, own, True))
    return Distribution(org, period, on, list(months.items()), children, total)
