"""Reads of the statistics forms, always through the acting user's scope."""


from django.db.models import QuerySet

from dangbo.core.exceptions import DomainError
from dangbo.core.periods import Period
from dangbo.members.models import Member
from dangbo.orgs.models import Org
from dangbo.statforms import tables


def members_behind(*, user, org: Org, code: str, period: Period, row: str) -> QuerySet[Member]:
    """The members behind the figure of ``row`` of the form ``code`` for ``org`` in ``period`` (the drill-down):
    the form recomputed through the user's scope, never ids taken from a request; in Vietnamese name order."""
    table = tables.form_table(user=user, org=org, code=code, period=period)
    if row not in {line.row.key for line in table.lines}:
        raise DomainError(f"{table.form.number} không có dòng “{row}”.", field="row")
    return Member.objects.filter(pk__in=table.members.get(row, [])).select_related("org").order_by("sort_key", "id")
