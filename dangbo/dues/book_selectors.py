"""Reads of a year of dues for the books and the arrears list, in one pass per year: a fixed number of queries
whatever the number of members or months (the registrations, members, declarations, reliefs, payments, the
seniority spans under 01-QĐ/TW, remittances), the monthly rosters and amounts worked out in memory."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import seniority_spans
from dangbo.dues import books, rules
from dangbo.dues import parameters as p
from dangbo.dues.models import Declaration, Payment, Relief, Remittance
from dangbo.dues.selectors import _due_for, month_end
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.members.rules import seniority_on
from dangbo.orgs.models import Org


@dataclass(frozen=True)
class YearRow:
    """A member of ``org_id`` at the end of ``month``: the amount due, the relief in force, what they paid there."""

    org_id: int
    member: Member
    month: dt.date
    due: rules.Due
    basis: int | None
    relief: Relief | None
    paid: int


def org_kind(org: Org) -> str:
    """The row of the share table (RULES D2) an org's dues follow."""
    if org.type.is_grassroots:
        return p.OrgKind.GRASSROOTS_COMMUNE if org.is_commune else p.OrgKind.GRASSROOTS_OTHER
    if org.type.is_cell:
        return p.OrgKind.CELL
    return p.OrgKind.ABOVE_GRASSROOTS


def year_rows(*, where: Q, year: int, until: dt.date | None = None) -> list[YearRow]:
    """Every member registered (officially) in an org matching ``where`` (on the registration's org) at the end
    of each month of ``year`` up to ``until``, with their due and what they paid to that org for the month."""
    last = rules.month_start(until) if until and until.year == year else dt.date(year, 12, 1)
    return month_rows(where=where, first=dt.date(year, 1, 1), last=last) if last.year == year else []


def month_rows(*, where: Q, first: dt.date, last: dt.date) -> list[YearRow]:
    """``year_rows`` for the months from ``first`` to ``last`` (both counted), across a change of year."""
    months = [rules.add_months(first, n) for n in range(rules.months_between(first, last))]
    if not months:
        return []
    first_end, last_end = month_end(months[0]), month_end(months[-1])
    spans = list(Registration.objects.filter(where, kind=RegistrationKind.OFFICIAL, valid_from__lte=last_end)
                 .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first_end))
                 .values_list("member_id", "org_id", "valid_from", "valid_to"))
    ids = sorted({row[0] for row in spans})
    members = {m.pk: m for m in Member.objects.filter(pk__in=ids)}
    declared: dict[int, list[Declaration]] = {pk: [] for pk in ids}
    for row in Declaration.objects.filter(member_id__in=ids, valid_from__lte=months[-1]).order_by("valid_from", "id"):
        declared[row.member_id].append(row)
    reliefs: dict[int, list[Relief]] = {pk: [] for pk in ids}
    for row in (Relief.objects.filter(member_id__in=ids, from_month__lte=months[-1], to_month__gte=months[0])
                .order_by("decided_on", "id")):
        reliefs[row.member_id].append(row)
    paid: dict[tuple[int, int, dt.date], int] = {}
    for member_id, org_id, month, total in (Payment.objects.filter(member_id__in=ids, month__gte=months[0],
                                                                   month__lte=months[-1])
                                            .values("member_id", "org_id", "month").annotate(total=Sum("amount"))
                                            .values_list("member_id", "org_id", "month", "total")):
        paid[(member_id, org_id, month)] = total
    seniority = {}
    if any(rules.regime_for(m).exempt_seniority_years for m in months):
        seniority = seniority_spans(ids)
    out = []
    for month in months:
        regime, end = rules.regime_for(month), month_end(month)
        on_roster = sorted({(member_id, org_id) for member_id, org_id, start, stop in spans
                            if start <= end and (stop is None or stop > end)},
                           key=lambda pair: (members[pair[0]].sort_key, pair[0]))
        for member_id, org_id in on_roster:
            relief = next((r for r in reversed(reliefs[member_id]) if r.from_month <= month <= r.to_month), None)
            years = None
            if regime.exempt_seniority_years:
                found = seniority_on(seniority.get(member_id, []), month)
                years = found[0] if found else None
            due, current = _due_for(members[member_id], month, regime, declared[member_id], relief, years)
            out.append(YearRow(org_id, members[member_id], month, due, current.basis if current else None, relief,
                               paid.get((member_id, org_id, month), 0)))
    return out


def s01(*, user, org: Org, year: int, cell_share: Decimal | None = None) -> books.S01:
    """S01/ĐP of the cell ``org`` for ``year`` (FORMS.md §4), read in scope."""
    scope_for(user).require_path(org.path)
    rows: dict[dt.date, list[books.MemberMonthIn]] = {}
    for row in year_rows(where=Q(org=org), year=year):
        rows.setdefault(row.month, []).append(books.MemberMonthIn(
            row.member.pk, row.member.full_name, row.month, row.due.amount, row.due.exempt, row.basis, row.paid))
    collected = dict(Payment.objects.filter(org=org, month__year=year).values("month").annotate(t=Sum("amount"))
                     .values_list("month", "t"))
    sent = dict(Remittance.objects.filter(from_org=org, month__year=year).values("month").annotate(t=Sum("amount"))
                .values_list("month", "t"))
    return books.build_s01(org_name=org.name, year=year, rows=rows, collected=collected, sent=sent,
                           org_kind=org_kind(org), cell_share=cell_share)


def _org_in(org: Org) -> books.OrgIn:
    return books.OrgIn(org.pk, org.name, org_kind(org))


def s02(*, user, org: Org, year: int, cell_share: Decimal | None = None) -> books.S02:
    """S02/ĐP of the level ``org`` for ``year``: its direct children and itself (FORMS.md §4), read in scope."""
    scope_for(user).require_path(org.path)
    # the prefix also as a range: SQLite's LIKE ignores case and with it the index on path (295.748 orgs read
    # for each book of the national benchmark otherwise)
    children = list(Org.objects.filter(path__startswith=org.path, path__gte=org.path, path__lt=org.path + "~",
                                       depth=org.depth + 1)
                    .select_related("type", "kind").order_by("path"))
    ids = [org.pk] + [c.pk for c in children]
    collected = {(org_id, month): total for org_id, month, total in (
        Payment.objects.filter(org_id__in=ids, month__year=year).values("org_id", "month")
        .annotate(t=Sum("amount")).values_list("org_id", "month", "t"))}
    remittances = list(Remittance.objects.filter(Q(from_org_id__in=ids) | Q(to_org_id__in=ids), month__year=year)
                       .values_list("from_org_id", "to_org_id", "month", "amount"))
    return books.build_s02(level=_org_in(org), year=year, children=[_org_in(c) for c in children],
                           collected=collected, remittances=remittances, cell_share=cell_share)


def _unpaid(row: YearRow) -> bool:
    """RULES D3: less than the computed amount was paid to the cell for the month (none computed: not unpaid)."""
    return bool(row.due.amount) and row.paid < row.due.amount


@dataclass
class Arrear:
    """A member's unpaid months of the year (month, unpaid amount) and those of them without a recorded reason."""

    member: Member
    org: Org
    unpaid: list[tuple[dt.date, int]]
    without_reason: list[dt.date]

    @property
    def total(self) -> int:
        return sum(amount for _month, amount in self.unpaid)

    @property
    def to_consider(self) -> bool:
        return rules.arrears_to_consider(len(self.without_reason))


def arrears(*, user, org: Org, year: int, until: dt.date | None = None) -> list[Arrear]:
    """RULES D3: every member of the subtree of ``org`` with unpaid months in ``year`` up to ``until`` (a month
    is unpaid when less than its computed amount was paid to the cell); a relief or deferral in force that month
    is a recorded reason. Those to consider first, then by cell and name."""
    scope_for(user).require_path(org.path)
    found: dict[int, Arrear] = {}
    for row in year_rows(where=Q(org__path__startswith=org.path), year=year, until=until):
        if not _unpaid(row):
            continue
        item = found.setdefault(row.member.pk, Arrear(row.member, row.org_id, [], []))
        item.org = row.org_id  # the cell of the latest unpaid month
        item.unpaid.append((row.month, row.due.amount - row.paid))
        if row.relief is None:
            item.without_reason.append(row.month)
    orgs = Org.objects.in_bulk({a.org for a in found.values()})
    for item in found.values():
        item.org = orgs[item.org]
    return sorted(found.values(), key=lambda a: (not a.to_consider, a.org.path, a.member.sort_key, a.member.pk))


def arrears_until(year: int, now: dt.date) -> dt.date:
    """Arrears count the months already past: this year's up to the previous month, a past year's all twelve."""
    return rules.add_months(rules.month_start(now), -1) if year == now.year else dt.date(year, 12, 1)


def unexcused_months(*, user, org: Org, first: dt.date, last: dt.date) -> dict[int, list[dt.date]]:
    """RULES D3 for the screening (M11): each member of ``org``'s subtree with the months from ``first`` to
    ``last`` they left unpaid to a cell of the subtree with no relief or deferral in force. The same pass as
    ``arrears`` — a fixed number of queries, whatever the number of members or months. Months before the first
    dues regime (04/2011) have no amount to owe and are left out."""
    scope_for(user).require_path(org.path)
    first = max(rules.month_start(first), p.REGIMES[0].valid_from)
    found: dict[int, list[dt.date]] = {}
    for row in month_rows(where=Q(org__path__startswith=org.path), first=first, last=rules.month_start(last)):
        if _unpaid(row) and row.relief is None:
            found.setdefault(row.member.pk, []).append(row.month)
    return found
