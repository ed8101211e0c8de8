"""Eighteen months of party dues in the demo district (issue 13, Deliver 7; RULES.md D1–D5), up to the demo's
month, so the change of regime (342-QĐ/TW until 01/2026, 01-QĐ/TW from 02/2026) falls inside.

- Each member registered in a cell of the district in those months declares a basis from their first month: the
  salaried (civil servants, armed forces, workers) their BHXH salary, some raised from 01/2026; pensioners their
  pension; students and the others (farmers, owners, …) their region of the minimum wage.
- Reliefs on a decision (``dues.services.grant_relief``): a few hardship cuts, two exemptions for grave illness, a
  deferral. The 50-year exemption is not written: the rules derive it from seniority.
- Payments for the amount the rules give (``rules.monthly_due``, the same inputs as ``selectors.cell_dues``), paid
  in the cell of the month on its collection day; some members round up, some pay a month or two late, a few
  miss a month, a handful leave 3–5 months of 2026 unpaid without a reason (RULES D3), the current month is
  partly collected. One payment typed ten times too large is reversed and recorded again through the services.
- Each cell under a grassroots org sends its parent the share it does not keep (``rules.split``), in the first
  days of the next month.

~75.000 payments: declarations, payments and remittances are written set-based as plain tuples (``demo.writer``:
no model instance per row, which cost most of a minute) with the audit entries their services write
(``dues_declare``, ``dues_payment_record``, ``dues_remit``: the same fields as ``audit.snapshot``), in one
transaction.
Deterministic by seed; a district that has declarations is left alone."""

import datetime as dt
import json
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone

from dangbo.accounts.models import AuditEntry, Grant
from dangbo.admissions.selectors import seniority_spans
from dangbo.demo.meetings import demo_day
from dangbo.demo.people import FastRandom
from dangbo.demo.writer import Writer, after_bulk_load
from dangbo.dues import parameters as p
from dangbo.dues import rules, services
from dangbo.dues.choices import BasisCategory, Channel, ReliefKind
from dangbo.dues.models import Declaration, Payment, Remittance
from dangbo.dues.parameters import OrgKind
from dangbo.members.choices import MemberCategory, RegistrationKind
from dangbo.members.models import Member, Registration
from dangbo.members.rules import seniority_on
from dangbo.orgs.models import CommitteeSeat, Org

SEED = 2023
MONTHS = 18
# Member category → (dues category, basis range in đồng or None)
BASIS = {
    MemberCategory.CIVIL_SERVANT: (BasisCategory.SALARY, (4_200_000, 11_500_000)),
    MemberCategory.ARMED_FORCES: (BasisCategory.SALARY, (7_000_000, 16_000_000)),
    MemberCategory.WORKER: (BasisCategory.SALARY, (4_900_000, 9_000_000)),
    MemberCategory.ENTERPRISE_EMPLOYEE: (BasisCategory.SALARY, (5_000_000, 10_000_000)),
    MemberCategory.RETIRED: (BasisCategory.PENSION, (3_500_000, 11_000_000)),
    MemberCategory.STUDENT: (BasisCategory.STUDENT, None),
}
ARREARS, HARDSHIP = 8, 6
RELIEF_REASONS = {
    "poor": "Hộ cận nghèo, hoàn cảnh kinh tế đặc biệt khó khăn; có đơn đề nghị, chi bộ xét.",
    "ill": "Mắc bệnh hiểm nghèo, đang điều trị dài ngày; có đơn đề nghị và hồ sơ bệnh án.",
    "away": "Đi làm ăn xa theo mùa vụ; xin chậm đóng, đóng bù khi về.",
}


def _thousands(value: float) -> int:
    return int(round(value / 1000)) * 1000


class Book:
    """The members' months in the district's cells and what they declared, then what they paid."""

    def __init__(self, actor, district: Org, as_of: dt.date, rng: FastRandom):
        self.actor, self.district, self.as_of, self.rng = actor, district, as_of, rng
        self.last = rules.month_start(as_of)
        self.months = [rules.add_months(self.last, -n) for n in range(MONTHS - 1, -1, -1)]
        self.written: Counter = Counter()
        orgs = list(Org.objects.filter(path__startswith=district.path).select_related("type"))
        self.by_path = {o.path: o for o in orgs}
        self.cells = {o.pk: o for o in orgs if o.type.is_cell}
        self.collect_day = {pk: 5 + rng.randrange(20) for pk in sorted(self.cells)}
        # the cell of each member at each month's end (the roster S01/ĐP counts)
        self.cell_of: dict[int, dict[dt.date, int]] = defaultdict(dict)
        first = self.months[0]
        regs = (Registration.objects.filter(org_id__in=list(self.cells), kind=RegistrationKind.OFFICIAL,
                                            valid_from__lte=rules.add_months(self.last, 1))
                .exclude(valid_to__lt=first).order_by("valid_from", "id")
                .values_list("member_id", "org_id", "valid_from", "valid_to"))
        for member_id, org_id, start, end in regs:
            for month in self.months:
                last_day = rules.add_months(month, 1) - dt.timedelta(days=1)
                if start <= last_day and (end is None or end > last_day):
                    self.cell_of[member_id][month] = org_id
        ids = sorted(self.cell_of)
        self.members = {row[0]: row for row in Member.objects.filter(pk__in=ids).order_by("pk").values_list(
            "pk", "date_of_birth", "gender", "category", "org_id")}
        self.kept = set(CommitteeSeat.objects.filter(ends_on__isnull=True).values_list("member_id", flat=True))
        self.kept |= set(Grant.objects.filter(member__isnull=False).values_list("member_id", flat=True))
        self.declared: dict[int, list[Declaration]] = {}
        self.reliefs: dict[int, tuple[dt.date, dt.date, str, int | None]] = {}

    def region(self, org_id: int) -> int:
        """Thị trấn: region III of the minimum wage; the communes: IV (Nghị định 293/2025/NĐ-CP, Phụ lục)."""
        path = self.cells[org_id].path
        above = [self.by_path.get(path[:n]) for n in range(len(self.district.path) + Org.steplen, len(path) + 1,
                                                             Org.steplen)]
        return 3 if any(o is not None and "thị trấn" in o.name.lower() for o in above) else 4

    def declarations(self) -> list[Declaration]:
        rng, rows = self.rng, []
        raise_from = dt.date(self.months[-1].year, 1, 1)
        for pk, (_, _dob, _gender, category, _org) in self.members.items():
            months = self.cell_of[pk]
            start = min(months)
            kind, span = BASIS.get(category, (BasisCategory.OTHER, None))
            basis = _thousands(rng.uniform(*span)) if span else None
            region = None if span else self.region(months[start])
            mine = [Declaration(member_id=pk, category=kind, basis=basis, region=region, valid_from=start,
                                created_by_id=self.actor.pk)]
            if kind == BasisCategory.SALARY and start < raise_from <= self.last and rng.random() < 0.4:
                mine.append(Declaration(member_id=pk, category=kind, basis=_thousands(basis * rng.uniform(1.05, 1.12)),
                                        valid_from=raise_from, note="Nâng bậc lương", created_by_id=self.actor.pk))
            self.declared[pk] = mine
            rows += mine
        return rows

    def grant_reliefs(self) -> None:
        """A few decisions in the 01-QĐ/TW months (art. 5), through the service."""
        change = next((m for m in self.months if rules.regime_for(m).code == "01"), None)
        if change is None:
            return
        others = [pk for pk, rows in self.declared.items() if rows[0].category == BasisCategory.OTHER
                  and pk not in self.kept and self.members[pk][4] is not None and change in self.cell_of[pk]]
        self.rng.shuffle(others)
        plan = ([("poor", ReliefKind.REDUCE, 50, 10)] * HARDSHIP + [("poor", ReliefKind.REDUCE, 30, 6)] * 2
                + [("ill", ReliefKind.EXEMPT, None, 6)] * 2 + [("away", ReliefKind.DEFER, None, 3)])
        members = Member.objects.in_bulk(others[:len(plan)])
        for n, ((why, kind, percent, length), pk) in enumerate(zip(plan, others, strict=False)):
            first = rules.add_months(change, n % 4)
            last = min(rules.add_months(first, length - 1), self.last)
            services.grant_relief(actor=self.actor, member=members[pk], kind=kind, percent=percent,
                                  from_month=first, to_month=last, decision_ref=f"{n + 12}-QĐ/ĐU",
                                  decided_on=first - dt.timedelta(days=12), reason=RELIEF_REASONS[why])
            self.reliefs[pk] = (first, last, kind, percent)
            self.written[f"relief_{kind}"] += 1

    def amounts(self):
        """Each member-month's cell and amount due, as ``selectors.cell_dues`` computes it."""
        spans = seniority_spans(list(self.members))
        limit = rules.add_months(self.last, -12 * 50 + 1)
        spans = {pk: found for pk, found in spans.items() if found and min(s for s, _ in found) < limit}
        retire = {pk: rules.retirement_day(dob, gender) for pk, dob, gender, _, _ in self.members.values()}
        cache: dict = {}
        regimes = {m: rules.regime_for(m) for m in self.months}
        # what besides the member's own inputs decides the amount: the regime, the minimum wage, its share
        period = {m: (regimes[m].code, p.dated(p.MINIMUM_WAGE, m).valid_from, p.dated(p.OTHER_SHARE_01, m))
                  for m in self.months}
        for pk, months in self.cell_of.items():
            rows = self.declared[pk]
            relief = self.reliefs.get(pk)
            for month, org_id in months.items():
                current = next((r for r in reversed(rows) if r.valid_from <= month), None)
                if current is None:
                    continue
                regime = regimes[month]
                basis = current.basis
                if regime.salary_previous_month and current.category == BasisCategory.SALARY:
                    previous = rules.add_months(month, -1)
                    before = next((r for r in reversed(rows) if r.valid_from <= previous), None)
                    basis = before.basis if before is not None else basis
                senior = None
                if regime.exempt_seniority_years and pk in spans:
                    found = seniority_on(spans[pk], month)
                    senior = found[0] if found else None
                    senior = regime.exempt_seniority_years if senior and senior >= regime.exempt_seniority_years \
                        else None
                granted = (relief[2], relief[3]) if relief and relief[0] <= month <= relief[1] else None
                key = (period[month], current.category, basis, current.region, retire[pk] <= month, senior, granted)
                due = cache.get(key)
                if due is None:
                    due = cache[key] = rules.monthly_due(month=month, category=current.category, basis=basis,
                                                         region=current.region, past_age=retire[pk] <= month,
                                                         seniority_years=senior, relief=granted)
                yield pk, month, org_id, due

    def payments(self) -> list[list]:
        """[member, month, amount, paid_on, channel, cell] of each payment."""
        rng, rows = self.rng, []
        behind = [pk for pk in sorted(self.members) if pk not in self.kept and pk not in self.reliefs
                  and len(self.cell_of[pk]) == MONTHS]
        rng.shuffle(behind)
        year = self.last.year
        months_of_year = [m for m in self.months if m.year == year and m < self.last]
        self.arrears: dict[int, set] = {}
        for pk in behind[:ARREARS]:
            run = 3 + rng.randrange(3)
            start = rng.randrange(max(1, len(months_of_year) - run))
            self.arrears[pk] = set(months_of_year[start:start + run])
        late = set(behind[ARREARS:ARREARS + len(behind) // 16])
        generous = {pk for pk in behind if rng.random() < 0.08}
        portal = {pk for pk in self.members if rng.random() < 0.35}
        for pk, month, org_id, due in self.amounts():
            if not due.amount or month in self.arrears.get(pk, ()) or rng.random() < 0.006:
                continue
            day = month.replace(day=self.collect_day[org_id])
            if pk in late:
                day = rules.add_months(month, 1 + rng.randrange(2)).replace(day=self.collect_day[org_id])
            relief = self.reliefs.get(pk)
            if due.deferred and relief:
                day = rules.add_months(relief[1], 1).replace(day=self.collect_day[org_id])
            if day > self.as_of:
                continue
            amount = due.amount
            if pk in generous:
                amount = -(-amount // 5000) * 5000
            channel = Channel.CASH
            if rules.regime_for(month).code == "01" and pk in portal:
                channel = Channel.PORTAL
            rows.append([pk, month, amount, day, channel, org_id])
        return rows

    def remittances(self, payments: list[list]) -> list[list]:
        """[from, to, month, amount, sent_on] of each cell's remittance."""
        collected: Counter = Counter()
        for _pk, month, amount, _day, _channel, org_id in payments:
            collected[(org_id, month)] += amount
        rows = []
        for (org_id, month), total in sorted(collected.items()):
            cell = self.cells[org_id]
            parent = self.by_path.get(cell.path[:-Org.steplen])
            if cell.type.is_grassroots or parent is None or total <= 0:
                continue
            _kept, sent = rules.split(total, month=month, org_kind=OrgKind.CELL)
            sent_on = rules.add_months(month, 1).replace(day=10 + self.collect_day[org_id] % 6)
            if sent <= 0 or sent_on > self.as_of:
                continue
            rows.append([org_id, parent.pk, month, sent, sent_on])
        return rows

    def save(self, model, fields: tuple[str, ...], rows: list[list], action: str, org_of, text) -> None:
        """``rows`` (values of ``fields`` but id, created_by, created_at) with their ids, and an audit entry each
        as ``audit.record`` writes it (``after``: the row's fields, foreign keys by id, dates in ISO)."""
        writer, actor, now = self.writer, self.actor.pk, self.now
        stamp, first = writer.datetime(now), writer.next_ids(model)
        label, iso = model._meta.label, now.isoformat()
        names = ("id", *fields, "created_by", "created_at")
        table, entries = [], []
        days = [i for i, v in enumerate(rows[0]) if isinstance(v, dt.date)] if rows else []
        dumps = json.dumps if writer.sqlite else lambda value: writer.json(AuditEntry, "after", value)
        for n, row in enumerate(rows, first):
            shown = list(row)
            stored = list(row)
            for i in days:
                shown[i] = row[i].isoformat()
                stored[i] = writer.date(row[i].toordinal())
            table.append((n, *stored, actor, stamp))
            after = dumps(dict(zip(names, (n, *shown, actor, iso), strict=True)))
            entries.append([action, label, str(n), text(row)[:255], after, org_of(row)])
            row.insert(0, n)
        writer.insert(model, (*names[:-2], "created_by", "created_at"), table)
        audit_id = writer.next_ids(AuditEntry)
        writer.insert(AuditEntry, ("id", "at", "actor", "action", "model", "object_id", "object_repr", "before",
                                   "after", "org_path", "request_id"),
                      [(audit_id + i, stamp, actor, action, label, key, shown, None,
                        after, path, "")
                       for i, (action, label, key, shown, after, path) in enumerate(entries)])
        self.written[model._meta.model_name] += len(rows)

    def mistype(self, payments: list[list]) -> list | None:
        """A payment typed with one zero too many (reversed once written, ``correct``)."""
        wrong = next((p for p in reversed(payments) if p[1] < self.last and p[3].day < 20
                      and p[0] not in self.kept and self.members[p[0]][4] == p[5]), None)
        if wrong is not None:
            wrong[2] *= 10
        return wrong

    def correct(self, wrong: list | None) -> None:
        """D5: never edited — a reversal, then the right amount recorded again, through the services."""
        if wrong is None:
            return
        wrong = Payment.objects.get(pk=wrong[0])
        on = wrong.paid_on + dt.timedelta(days=3)
        services.reverse_payment(actor=self.actor, payment=wrong, on=on,
                                 reason="Ghi nhầm số tiền (thừa một chữ số 0)")
        services.record_payment(actor=self.actor, member=Member.objects.get(pk=wrong.member_id),
                                org=self.cells[wrong.org_id], month=wrong.month, amount=wrong.amount // 10,
                                paid_on=on, channel=wrong.channel, note="Ghi lại khoản thu đã hủy")
        self.written["payment_reversed"] += 1


@transaction.atomic
def create(*, actor, district: Org, as_of: dt.date | None = None, seed: int = SEED) -> dict:
    """Idempotent: a district that has declarations is left alone. Returns how many rows of each kind were
    written."""
    if Declaration.objects.filter(member__org__path__startswith=district.path).exists():
        return {}
    as_of = as_of or demo_day(district)
    book = Book(actor, district, as_of, FastRandom(f"dangbo-demo:{seed}:dues"))
    if not book.members:
        return {}
    book.writer, book.now = Writer(), timezone.now()
    cells = book.cells
    declared = [[d.member_id, d.category, d.basis, d.region, d.valid_from, d.note] for d in book.declarations()]
    book.save(Declaration, ("member", "category", "basis", "region", "valid_from", "note"), declared, "dues_declare",
              lambda r: cells[book.cell_of[r[0]][min(book.cell_of[r[0]])]].path,
              lambda r: f"{r[1]} từ {r[4]:%m/%Y} — {r[0]}")
    after_bulk_load([Declaration, AuditEntry])  # PostgreSQL: the services below take the next ids
    book.grant_reliefs()
    payments = book.payments()
    remitted = book.remittances(payments)  # what was collected net, the mistyped payment corrected
    wrong = book.mistype(payments)
    for row in payments:
        row += ["", None]
    book.save(Payment, ("member", "month", "amount", "paid_on", "channel", "org", "note", "reversal_of"), payments,
              "dues_payment_record", lambda r: cells[r[5]].path, lambda r: f"{r[2]} đ tháng {r[1]:%m/%Y} — {r[0]}")
    after_bulk_load([Payment, AuditEntry])
    book.correct(wrong)
    for row in remitted:
        row.append(Channel.BANK)
    book.save(Remittance, ("from_org", "to_org", "month", "amount", "sent_on", "channel"), remitted, "dues_remit",
              lambda r: cells[r[0]].path, lambda r: f"{r[3]} đ tháng {r[2]:%m/%Y}")
    after_bulk_load([Declaration, Payment, Remittance, AuditEntry])
    book.written["members_in_arrears"] = len(book.arrears)
    return dict(sorted(book.written.items()))
