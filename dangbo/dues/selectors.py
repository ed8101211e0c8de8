"""Reads of party dues, always through the acting user's scope: a cell's members and their amounts for a month."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import seniority_spans
from dangbo.core.exceptions import OutOfScope, get_or_out_of_scope
from dangbo.dues import rules
from dangbo.dues.choices import BasisCategory
from dangbo.dues.models import Declaration, Payment, Relief, Remittance
from dangbo.members.models import Member
from dangbo.members.rules import seniority_on
from dangbo.members.selectors import cell_roster_on
from dangbo.orgs.models import Org


@dataclass(frozen=True)
class DueRow:
    member: Member
    declaration: Declaration | None
    relief: Relief | None
    due: rules.Due
    paid: int

    @property
    def unpaid(self) -> int | None:
        return None if self.due.amount is None else max(self.due.amount - self.paid, 0)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _in_force(rows: list[Declaration], day: dt.date) -> Declaration | None:
    found = None
    for row in rows:  # ordered by valid_from, id: the last one started on or before ``day`` is in force
        if row.valid_from <= day:
            found = row
    return found


def cell_dues(*, user, org: Org, month: dt.date) -> list[DueRow]:
    """Each member of the cell ``org`` at the end of ``month`` (S01/ĐP counts members at month end) with the
    amount due for that month (RULES D1, D4) and what they paid, in a fixed number of queries whatever the size
    of the cell: the roster, declarations, reliefs, payments, and under 01-QĐ/TW the seniority spans (two)."""
    scope_for(user).require_path(org.path)
    month = rules.month_start(month)
    regime = rules.regime_for(month)
    members = list(cell_roster_on(org=org, on=month_end(month)))
    ids = [m.pk for m in members]
    declared: dict[int, list[Declaration]] = {pk: [] for pk in ids}
    for row in Declaration.objects.filter(member_id__in=ids, valid_from__lte=month).order_by("valid_from", "id"):
        declared[row.member_id].append(row)
    reliefs: dict[int, Relief] = {}
    for row in (Relief.objects.filter(member_id__in=ids, from_month__lte=month, to_month__gte=month)
                .order_by("decided_on", "id")):
        reliefs[row.member_id] = row  # the latest decision wins
    paid = dict(Payment.objects.filter(member_id__in=ids, month=month).values("member_id")
                .annotate(total=Sum("amount")).values_list("member_id", "total"))
    seniority: dict[int, int | None] = {}
    if regime.exempt_seniority_years:
        for pk, spans in seniority_spans(ids).items():
            found = seniority_on(spans, month)
            seniority[pk] = found[0] if found else None
    out = []
    for member in members:
        relief = reliefs.get(member.pk)
        due, current = _due_for(member, month, regime, declared[member.pk], relief, seniority.get(member.pk))
        out.append(DueRow(member, current, relief, due, paid.get(member.pk) or 0))
    return out


def _due_for(member: Member, month: dt.date, regime, declared: list[Declaration], relief: Relief | None,
             seniority: int | None) -> tuple[rules.Due, Declaration | None]:
    """One member's due for ``month`` from their declarations (ordered), the relief in force and seniority."""
    current = _in_force(declared, month)
    if current is None:
        return rules.Due(month, regime.code, None, None, why="Chưa kê khai căn cứ đóng đảng phí."), None
    basis = current.basis
    if regime.salary_previous_month and current.category == BasisCategory.SALARY:
        before = _in_force(declared, rules.add_months(month, -1))
        if before is not None and before.category == BasisCategory.SALARY:
            basis = before.basis  # 01-QĐ/TW: 1% of the previous month's BHXH salary base
    due = rules.monthly_due(
        month=month, category=current.category, basis=basis, region=current.region,
        past_age=rules.past_retirement(member.date_of_birth, member.gender, month),
        seniority_years=seniority, relief=(relief.kind, relief.percent) if relief else None)
    return due, current


def payments_of(*, user, member: Member, month: dt.date | None = None):
    """A member's payment rows (reversals included), newest month first; the caller read ``member`` in scope."""
    qs = Payment.objects.filter(member=member)
    if month is not None:
        qs = qs.filter(month=rules.month_start(month))
    return qs.select_related("org").order_by("-month", "id")


def declarations_of(member: Member):
    return Declaration.objects.filter(member=member).order_by("-valid_from", "-id")


def reliefs_of(member: Member):
    """Every relief granted to the member, newest first; the caller read ``member`` in scope."""
    return Relief.objects.filter(member=member).order_by("-from_month", "-id")


def year_payments_of(member: Member, year: int):
    """The member's payment rows (reversals included) for the months of ``year``, by month."""
    return (Payment.objects.filter(member=member, month__year=year).select_related("org", "reversal_of")
            .prefetch_related("reversed_by").order_by("month", "id"))


def payment_get(*, user, org: Org, pk: int) -> Payment:
    """One payment (not a reversal row) the org recorded, read in scope; otherwise not found."""
    scope_for(user).require_path(org.path)
    return get_or_out_of_scope(Payment.objects.filter(org=org, reversal_of__isnull=True)
                               .select_related("member", "org").prefetch_related("reversed_by"), pk=pk)


def reliefs_overlapping(member: Member, first: dt.date, last: dt.date):
    return Relief.objects.filter(Q(member=member), from_month__lte=last, to_month__gte=first)


def cell_payments(*, user, org: Org, month: dt.date):
    """The payment rows (reversals included) the org recorded for ``month``, read in scope."""
    scope_for(user).require_path(org.path)
    return (Payment.objects.filter(org=org, month=rules.month_start(month))
            .select_related("member", "reversal_of").prefetch_related("reversed_by").order_by("member__sort_key", "id"))


def remittances_from(*, user, org: Org):
    """What the org sent up, newest month first, read in scope."""
    scope_for(user).require_path(org.path)
    return Remittance.objects.filter(from_org=org).select_related("to_org").order_by("-month", "-id")


def payment_read(*, user, pk: int) -> Payment:
    """A payment row (of any org) whose collecting org the user may read; any other id is not found."""
    row = Payment.objects.select_related("org", "member").filter(pk=pk).first()
    if row is None or not scope_for(user).covers_path(row.org.path):
        raise OutOfScope()
    return row
