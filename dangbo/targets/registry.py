"""The indicator registry: one definition per indicator, used by every screen, export and report.

An app adds indicators in its own ``indicators.py`` with ``@indicator(code, name, unit)`` on a function
``(org, period) -> Measure`` that counts set-based over ``org``'s subtree as it stood at the period's end.
A target whose code is not registered (its app does not exist yet) shows "chưa có dữ liệu", never a guess.

Next to it, ``@children_of(code)`` on ``(org, period, child_of) -> {child id: Measure}`` gives every child's value
in one set-based pass (the dashboard's ranking); it must equal ``measure`` of each child alone (tested for all).
Likewise ``@years_of(code)`` on ``(org, periods) -> [Measure | None]`` answers several periods (the years of a
document) in one grouped pass; it must equal ``measure`` of each period alone, and may return None to let the
periods be measured one by one (e.g. a subtree too big to list).
"""

import datetime as dt
import importlib
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from django.apps import apps

from dangbo.core.dates import today
from dangbo.core.numbers import format_int, format_percent, percent
from dangbo.core.periods import Period
from dangbo.orgs.selectors import child_of_on, subtree_id_sets
from dangbo.targets.models import ManualValue
from dangbo.targets.rules import exact


@dataclass(frozen=True)
class Measure:
    numerator: int
    denominator: int | None = None
    manual: bool = False
    note: str = ""

    @property
    def value(self) -> Decimal | None:
        """The value shown: a count, or the percentage rounded to one decimal (RULES.md N1)."""
        if self.denominator is None:
            return Decimal(self.numerator)
        return percent(self.numerator, self.denominator)

    @property
    def exact(self) -> Fraction | None:
        """The value judged against a target: never the rounded one (4,04% is above 4%, 4,0% is not)."""
        return exact(self.numerator, self.denominator)

    @property
    def text(self) -> str:
        if self.denominator is None:
            return format_int(self.numerator)
        return f"{format_int(self.numerator)}/{format_int(self.denominator)} " \
               f"(tỷ lệ {format_percent(self.numerator, self.denominator)})"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str  # "rate" (%) or "count"
    compute: Callable | None
    manual: bool = False
    drilldown: Callable | None = None
    source: str = ""
    # ``(*, org, period, child_of) -> {child id: Measure}``: every child's value in one set-based pass, where
    # ``child_of`` maps each org of ``org``'s subtree on ``as_of(period)`` to the child it lies under (see
    # ``children``); without it the children are measured one by one
    compute_children: Callable | None = None
    # ``(*, org, periods) -> [Measure | None] | None``: the values of several periods (each counted over the tree
    # of its own ``as_of``) in one grouped pass; None from it, or no hook, measures the periods one by one
    compute_years: Callable | None = None


REGISTRY: dict[str, Indicator] = {}
_SHARED: ContextVar[dict | None] = ContextVar("indicator_shared", default=None)


@contextmanager
def shared():
    """Within this block, ``cached`` computes each key once: one screen or report measuring several indicators
    over the same org and period (the four rating targets share one statistics pass) reads the data once. A block
    inside another keeps the outer one's values: a report around the dashboard reuses the dashboard's counts."""
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def cached(key: tuple, compute: Callable):
    """``compute()``, once per key inside a ``shared`` block; every time outside one (nothing goes stale)."""
    memo = _SHARED.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def subtree_sets(org, days) -> list[frozenset[int]] | None:
    """``orgs.selectors.subtree_id_sets`` once per org and days inside a ``shared`` block: the several-periods
    hooks of one dashboard list the same trees."""
    days = tuple(days)
    return cached(("subtree_id_sets", org.pk, days), lambda: subtree_id_sets(org=org, days=days))


def indicator(code: str, name: str, *, unit: str = "rate", drilldown: Callable | None = None):
    def register(fn):
        REGISTRY[code] = Indicator(code, name, unit, fn, drilldown=drilldown, source=fn.__module__)
        return fn
    return register


def children_of(code: str):
    """Registers ``fn`` as the set-based children hook of the indicator ``code`` (defined just above it)."""
    def register(fn):
        REGISTRY[code] = replace(REGISTRY[code], compute_children=fn)
        return fn
    return register


def years_of(code: str):
    """Registers ``fn`` as the several-periods hook of the indicator ``code`` (defined just above it)."""
    def register(fn):
        REGISTRY[code] = replace(REGISTRY[code], compute_years=fn)
        return fn
    return register


def manual_indicator(code: str, name: str, *, unit: str = "rate") -> None:
    """An indicator the data cannot compute: its value is entered per year (``ManualValue``)."""
    REGISTRY[code] = Indicator(code, name, unit, None, manual=True, source="manual")


def get(code: str) -> Indicator | None:
    return REGISTRY.get(code)


def autodiscover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("dangbo."):
            try:
                importlib.import_module(f"{config.name}.indicators")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.indicators":
                    raise


def as_of(period: Period) -> dt.date:
    """The day a period is counted on: its end, or today while it runs."""
    return min(period.end, today())


def measure(code: str, *, org, period: Period) -> Measure | None:
    """The value of one indicator over one org's subtree and one period; None = chưa có dữ liệu.
    Callers check the user's scope on ``org`` first (the targets selectors do)."""
    ind = REGISTRY.get(code)
    if ind is None:
        return None
    if ind.manual:
        row = ManualValue.objects.filter(indicator=code, org=org, year=period.end.year).first()
        if row is None:
            return None
        return Measure(row.numerator, row.denominator, manual=True, note=row.note)
    return ind.compute(org=org, period=period)


def measure_children(code: str, *, org, period: Period, kids: list) -> dict[int, Measure | None]:
    """The value of one indicator for each of ``kids`` (children of ``org`` on ``as_of(period)``), keyed by id:
    one set-based pass when the indicator has a ``compute_children`` hook or is entered by hand, else one
    ``measure`` per child. Callers check the user's scope first."""
    ind = REGISTRY.get(code)
    if ind is None or not kids:
        return {}
    if ind.manual:
        rows = ManualValue.objects.filter(indicator=code, org__in=kids, year=period.end.year)
        found = {r.org_id: Measure(r.numerator, r.denominator, manual=True, note=r.note) for r in rows}
        return {kid.pk: found.get(kid.pk) for kid in kids}
    if ind.compute_children is not None:
        values = ind.compute_children(org=org, period=period, child_of=child_of_on(org=org, on=as_of(period)))
        return {kid.pk: values.get(kid.pk) for kid in kids}
    return {kid.pk: ind.compute(org=kid, period=period) for kid in kids}


def measure_years(code: str, *, org, periods: list[Period]) -> list[Measure | None]:
    """``measure`` of each of ``periods`` (the years of a dashboard), in order: one grouped pass when the
    indicator has a ``compute_years`` hook or is entered by hand, else one ``measure`` per period.
    Callers check the user's scope first."""
    ind = REGISTRY.get(code)
    if ind is None or not periods:
        return [None] * len(periods)
    if ind.manual:
        rows = ManualValue.objects.filter(indicator=code, org=org, year__in={p.end.year for p in periods})
        found = {r.year: Measure(r.numerator, r.denominator, manual=True, note=r.note) for r in rows}
        return [found.get(p.end.year) for p in periods]
    if ind.compute_years is not None and len(periods) > 1:
        values = ind.compute_years(org=org, periods=periods)
        if values is not None:
            return values
    return [ind.compute(org=org, period=p) for p in periods]
