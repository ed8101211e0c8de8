"""One month of dues for a whole subtree (a province, the country province by province) in a fixed number of
queries per 20.000 members — the roster, payments, members, declarations, reliefs and, under 01-QĐ/TW, the
seniority spans, the ids written into the SQL (``core.sql.ids_in``; a subquery on the path made SQLite scan the
registrations of the whole country) — and the amounts from the same pure rules as
the cell's page (``selectors._due_for``): equal inputs give one ``rules.monthly_due`` call, kept in a cache."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from dangbo.accounts.scope import scope_for
from dangbo.admissions.selectors import seniority_spans
from dangbo.core.iters import batched
from dangbo.core.sql import ids_in
from dangbo.dues import rules
from dangbo.dues.choices import BasisCategory
from dangbo.dues.models import Declaration, Payment, Relief
from dangbo.dues.selectors import month_end
from dangbo.members.choices import RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.members.rules import seniority_on
from dangbo.orgs.models import Org

CHUNK = 20_000  # ids per query: SQLite binds at most 32.766 values (``seniority_spans`` binds its ids)


@dataclass(frozen=True, slots=True)
class MonthDue:
    """A member of ``org_id`` at the end of the month: the amount due (None: not computable), what they paid."""

    member_id: int
    org_id: int
    amount: int | None
    exempt: bool
    paid: int


def subtree_month(*, user, org: Org, month: dt.date) -> list[MonthDue]:
    """Every member of the subtree of ``org`` with their due for ``month`` and what they paid, read in scope."""
    scope_for(user).require_path(org.path)
    return month_dues(path=org.path, month=month)


def month_dues(*, path: str, month: dt.date) -> list[MonthDue]:
    """The set-based twin of ``selectors.cell_dues`` for every cell whose path starts with ``path`` (unscoped:
    callers check the scope). A member registered in two orgs of the subtree at the month's end is in both."""
    month = rules.month_start(month)
    regime, end = rules.regime_for(month), month_end(month)
    before = rules.add_months(month, -1)
    # the prefix as a range too: SQLite's LIKE ignores case, and with it the index on ``path``
    orgs = list(Org.objects.filter(path__startswith=path, path__gte=path, path__lt=path + "~")
                .values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    paid: dict[tuple[int, int], int] = {}
    for chunk in batched(orgs, CHUNK):
        pairs.update(Registration.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=end), ids_in(Registration, "org_id", chunk),
            kind=RegistrationKind.OFFICIAL, valid_from__lte=end).values_list("member_id", "org_id"))
        for member_id, org_id, total in (Payment.objects.filter(ids_in(Payment, "org_id", chunk), month=month)
                                         .values("member_id", "org_id").annotate(total=Sum("amount"))
                                         .values_list("member_id", "org_id", "total")):
            paid[(member_id, org_id)] = total
    people: dict[int, tuple] = {}
    current: dict[int, tuple] = {}
    previous: dict[int, tuple] = {}
    reliefs: dict[int, tuple] = {}
    senior: set[int] = set()
    for ids in batched(sorted({member_id for member_id, _org in pairs}), CHUNK):
        people.update((pk, (born, gender)) for pk, born, gender in Member.objects.filter(
            ids_in(Member, "id", ids)).values_list("pk", "date_of_birth", "gender"))
        for row in (Declaration.objects.filter(ids_in(Declaration, "member_id", ids), valid_from__lte=month)
                    .order_by("member_id", "valid_from", "id")
                    .values_list("member_id", "category", "basis", "region", "valid_from")):
            current[row[0]] = row  # ordered: the last one started by the month is in force (``_in_force``)
            if row[4] <= before:
                previous[row[0]] = row
        for member_id, kind, percent in (Relief.objects.filter(ids_in(Relief, "member_id", ids),
                                                               from_month__lte=month, to_month__gte=month)
                                         .order_by("decided_on", "id").values_list("member_id", "kind", "percent")):
            reliefs[member_id] = (kind, percent)  # the latest decision wins
        if regime.exempt_seniority_years:
            for pk, spans in seniority_spans(ids).items():
                found = seniority_on(spans, month)
                if found and found[0] >= regime.exempt_seniority_years:
                    senior.add(pk)
    ages: dict[tuple, bool] = {}
    dues: dict[tuple, rules.Due] = {}
    out = []
    for member_id, org_id in sorted(pairs):
        row = current.get(member_id)
        if row is None:
            out.append(MonthDue(member_id, org_id, None, False, paid.get((member_id, org_id), 0)))
            continue
        _pk, category, basis, region, _from = row
        if regime.salary_previous_month and category == BasisCategory.SALARY:
            prior = previous.get(member_id)
            if prior is not None and prior[1] == BasisCategory.SALARY:
                basis = prior[2]  # 01-QĐ/TW: 1% of the previous month's BHXH salary base
        person = people[member_id]
        past_age = ages.get(person)
        if past_age is None:
            past_age = ages[person] = rules.past_retirement(person[0], person[1], month)
        # seniority counts only at the threshold: a flag in the key, the rule still sees the years' side of it
        key = (category, basis, region, past_age, member_id in senior, reliefs.get(member_id))
        due = dues.get(key)
        if due is None:
            due = dues[key] = rules.monthly_due(
                month=month, category=category, basis=basis, region=region, past_age=past_age,
                seniority_years=regime.exempt_seniority_years if key[4] else None, relief=key[5])
        out.append(MonthDue(member_id, org_id, due.amount, due.exempt, paid.get((member_id, org_id), 0)))
    return out
