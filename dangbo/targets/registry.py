"""The indicator registry: one definition per indicator, used by every screen, export and report.

An app adds indicators in its own ``indicators.py`` with ``@indicator(code, name, unit)`` on a function
``(org, period) -> Measure`` that counts set-based over ``org``'s subtree as it stood at the period's end.
A target whose code is not registered (its app does not exist yet) shows "chưa có dữ liệu", never a guess.
"""

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from dangbo.core.dates import today
from dangbo.core.numbers import format_int, format_percent, percent
from dangbo.core.periods import Period


@dataclass(frozen=True)
class Measure:
    numerator: int
    denominator: int | None = None
    manual: bool = False
    note: str = ""

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        return percent(self.numerator, self.denominator)

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


REGISTRY: dict[str, Indicator] = {}


def indicator(code: str, name: str, *, unit: str = "rate", drilldown: Callable | None = None):
    def register(fn):
        REGISTRY[code] = Indicator(code, name, unit, fn, drilldown=drilldown, source=fn.__module__)
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
        from dangbo.targets.models import ManualValue

        row = ManualValue.objects.filter(indicator=code, org=org, year=period.end.year).first()
        if row is None:
            return None
        return Measure(row.numerator, row.denominator, manual=True, note=row.note)
    return ind.compute(org=org, period=period)
