"""Reads of the statistics forms, always through the acting user's scope."""

from dataclasses import dataclass

from django.db.models import QuerySet

from dangbo.core.exceptions import DomainError
from dangbo.core.periods import Period
from dangbo.members.models import Member
from dangbo.orgs.models import Org
from dangbo.statforms import tables


@dataclass(frozen=True)
class Behind:
    """What stands behind one figure: members or orgs (``kind``), the figure in words, and the list."""

    kind: str  # "members" | "orgs"
    label: str
    number: str
    items: QuerySet


def behind(*, user, org: Org, code: str, period: Period, key: str) -> Behind:
    """The members or orgs behind the figure ``key`` ("B1", "I:women") of the form ``code`` for ``org`` in
    ``period`` (the drill-down): the form recomputed through the user's scope, never ids taken from a request;
    members in Vietnamese name order, orgs in tree order."""
    table = tables.form_table(user=user, org=org, code=code, period=period)
    keys = {cell.key for line in table.lines for cell in line.cells if cell.key}
    if key not in keys:
        raise DomainError(f"{table.form.number} không có dòng “{key}”.", field="row")
    if key in table.orgs:
        items = Org.objects.filter(pk__in=table.orgs[key]).select_related("type", "kind").order_by("path")
        return Behind("orgs", table.label_of(key), table.form.number, items)
    items = Member.objects.filter(pk__in=table.members.get(key, [])).select_related("org").order_by("sort_key", "id")
    return Behind("members", table.label_of(key), table.form.number, items)


def members_behind(*, user, org: Org, code: str, period: Period, row: str) -> QuerySet[Member]:
    """The members behind the figure ``row`` (none when the figure counts orgs)."""
    found = behind(user=user, org=org, code=code, period=period, key=row)
    return found.items if found.kind == "members" else Member.objects.none()
