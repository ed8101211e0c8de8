"""``manage.py demo_setup``: accounts with their scopes, and a second run that changes nothing."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.test import override_settings

from dangbo.accounts.models import AuditEntry, Grant, Role
from dangbo.accounts.scope import scope_for
from dangbo.admissions.models import ScreeningDecision
from dangbo.core.periods import half, year
from dangbo.demo import dues as demo_dues
from dangbo.demo import inspection as demo_inspection
from dangbo.demo import screening as demo_screening
from dangbo.demo import statforms as demo_statforms
from dangbo.demo import training as demo_training
from dangbo.demo import transfers as demo_transfers
from dangbo.demo.meetings import demo_day
from dangbo.dues import rules as dues_rules
from dangbo.dues.choices import BasisCategory
from dangbo.dues.models import Declaration, Payment, Relief, Remittance
from dangbo.dues.selectors import cell_dues
from dangbo.inspection import figures, selectors
from dangbo.inspection.models import Case, Denunciation, DisciplineComplaint, FollowUp, Programme
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import ACTIVE_STATUSES, MemberStatus
from dangbo.members.models import DisciplineDecision, Member
from dangbo.members.selectors import member_list
from dangbo.orgs.models import Org
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.models import FormSnapshot
from dangbo.statforms.sets import form_set
from dangbo.statforms.snapshots import children_status
from dangbo.training.choices import CourseKind, Result
from dangbo.training.models import Enrolment, TrainingClass
from dangbo.transfers.choices import LetterKind
from dangbo.transfers.models import TransferLetter
from dangbo.transfers.selectors import not_arrived

pytestmark = pytest.mark.django_db
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run() -> str:
    out = StringIO()
    call_command("demo_setup", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(district, django_db_blocker):
    """``demo_setup`` run once over the module's district — minutes on PostgreSQL, so not once per test —
    and undone with it at the end of the module; each test (in its own transaction) reads what it made."""
    # the tests' own hasher (conftest's fast_password_hasher is per test): else the tests' runs would re-hash
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        yield run()
        transaction.set_rollback(True)


def state():
    users = sorted(get_user_model().objects.values_list("username", "password", "is_superuser"))
    grants = sorted(Grant.objects.values_list("user__username", "role", "org_id", "member_id"))
    return (users, grants, Org.objects.count(), Member.objects.count(), Meeting.objects.count(),
            Attendance.objects.count(), AuditEntry.objects.count())


def test_second_run_prints_the_same_and_changes_nothing(demo):
    first = demo
    before = state()
    assert run() == first
    assert state() == before
    assert "http://127.0.0.1:8000" in first
    for login in ("admin / dangbo-admin", "bantochuc / dangbo-bantochuc", "kiemtra / dangbo-kiemtra",
                  "bithu / dangbo-bithu", "dangvien / dangbo-dangvien"):
        assert login in first
    assert "Đảng bộ huyện Tây Sơn" in first


def test_each_account_sees_its_scope(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    district_org = Org.objects.get(type__code="dang_bo_huyen")
    all_active = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    assert users["admin"].is_superuser and scope_for(users["admin"]).is_admin
    assert member_list(user=users["bantochuc"]).count() == all_active
    assert scope_for(users["bantochuc"]).covers_path(district_org.path, write=True)
    inspection = scope_for(users["kiemtra"])
    assert inspection.covers_path(district_org.path) and not inspection.can_write_anything

    cell = Grant.objects.get(user=users["bithu"], role=Role.CELL_SECRETARY).org
    assert cell.type.is_cell and cell.kind.is_residential
    seen = member_list(user=users["bithu"])
    assert seen.count() >= 9
    assert set(seen.values_list("org_id", flat=True)) == {cell.pk}
    secretary = cell.terms.get(ends_on__isnull=True).committee.seats.get(post="secretary", ends_on__isnull=True).member
    assert secretary.org_id == cell.pk

    own = Grant.objects.get(user=users["dangvien"], role=Role.MEMBER).member
    assert own.org_id == cell.pk
    assert list(member_list(user=users["dangvien"])) == [own]
    # each account carries a person's name for the header (họ và tên đệm, tên)
    assert (users["bantochuc"].last_name, users["bantochuc"].first_name) == ("Nguyễn Thị Hồng", "Nhung")
    assert f"{users['dangvien'].last_name} {users['dangvien'].first_name}" == own.full_name


def test_transfer_letters_of_every_case(demo):
    """demo_setup's letters (demo/transfers.py): received in time, late with its reason, never arrived, on the
    way, temporary and out of the system with the stub returned — through the services, once."""
    as_of = Member.objects.aggregate(day=Max("created_at"))["day"].date()
    letters = TransferLetter.objects.select_related("member", "in_event")
    official = letters.filter(kind=LetterKind.OFFICIAL, to_org__isnull=False)
    assert 10 <= letters.count() <= 14
    assert len({letter.member_id for letter in letters}) == letters.count()
    assert letters.filter(issued_on__year__lte=as_of.year - 2).exists()  # over the demo's years
    in_time = official.filter(received_on__isnull=False, received_on__lte=F("present_by"))
    assert in_time.count() >= 4 and all(letter.in_event.org_id == letter.to_org_id for letter in in_time)
    assert official.exclude(from_org__path__startswith=F("issuer__path")).count() == 0
    late = official.filter(received_on__gt=F("present_by"))
    assert late.count() == 1 and late.get().receipt_note
    never = official.filter(received_on__isnull=True, present_by__lt=as_of)
    assert never.count() == 2 and all(letter.member.status == MemberStatus.TRANSFERRED_OUT for letter in never)
    district_org = Org.objects.get(type__code="dang_bo_huyen")
    admin = get_user_model().objects.get(username="admin")
    assert {letter.pk for letter in not_arrived(user=admin, org=district_org, on=as_of)} == {letter.pk for letter in never}
    temporary = letters.get(kind=LetterKind.TEMPORARY)
    assert temporary.received_on and temporary.stay_until and temporary.member.status == MemberStatus.OFFICIAL
    stub = letters.get(to_org__isnull=True)
    assert stub.to_external and stub.received_on and stub.in_event is None
    assert AuditEntry.objects.filter(action="transfer_letter_issue").count() == letters.count()
    assert demo_transfers.create(actor=admin, district=district_org) == {}


def test_screening_decisions_kept_and_struck_off(demo):
    """demo_setup's screening (demo/screening.py): members rated "không hoàn thành nhiệm vụ" the year before,
    most kept with the cell's education written, one struck off as a lifecycle fact — once."""
    decisions = list(ScreeningDecision.objects.select_related("member").order_by("id"))
    assert 2 <= len(decisions) <= 4
    *kept, struck = decisions
    assert all(d.outcome == ScreeningDecision.Outcome.KEEP and d.note and d.reasons for d in kept)
    assert struck.outcome == ScreeningDecision.Outcome.STRIKE_OFF and struck.decision_ref
    assert struck.member.status == MemberStatus.STRUCK_OFF
    assert struck.member.events.filter(kind="strike_off", date=struck.decided_on).exists()
    assert AuditEntry.objects.filter(action="screening_decide").count() == len(decisions)
    district_org = Org.objects.get(type__code="dang_bo_huyen")
    admin = get_user_model().objects.get(username="admin")
    assert demo_screening.create(actor=admin, district=district_org) == {}


def test_the_statistics_forms_of_the_demo_hold_every_check(demo):
    """Issue 10, Deliver 7: the whole set for the demo district and its province, for 2024 and the first half of
    2025 — every form's checks and the checks between the forms hold on the demo's data (ratings included); the
    district and its first grassroots orgs have finalised, the others not yet."""
    admin = get_user_model().objects.get(username="admin")
    tay_son = Org.objects.get(type__code="dang_bo_huyen")
    province = Org.objects.filter(depth=1).order_by("path").first()
    for org in (tay_son, province):
        for period in (year(2024), half(2025, 1)):
            made = form_set(user=admin, org=org, period=period)
            assert made.broken == [], (org.name, period.label, made.broken)
            figures = {t.form.code: t.figures() for t in made.tables}
            assert figures["1"]["D"] > 3000 and figures["3"]["1"] == figures["5"]["T:members"] == figures["1"]["D"]
            assert figures["2"]["1"] == figures["1"]["B1"] > 0
            if period.kind == "year":  # the year's ratings, as the rating statistics count them
                assert figures["6"]["C"] > 3000 and figures["6"]["A"] > 0 and figures["7"]["III"] > 0
    forms = len(guidance_on(half(2025, 1).end).forms)
    assert FormSnapshot.objects.filter(org=tay_son).count() == 2 * forms
    finalised = [child.done == len(child.forms) for child in children_status(user=admin, org=tay_son,
                                                                              period=half(2025, 1))]
    assert finalised.count(True) == demo_statforms.ON_TIME and False in finalised


def test_two_years_of_training_classes_and_results(demo):
    """demo/training.py: the district centre's classes of each kind over two years, demo people as learners,
    mostly passed, audited; candidates carry their admission file's certificate date; once."""
    admin = get_user_model().objects.get(username="admin")
    tay_son = Org.objects.get(type__code="dang_bo_huyen")
    classes = TrainingClass.objects.all()
    assert 15 <= classes.count() <= 30
    assert {CourseKind.AWARENESS, CourseKind.NEW_MEMBER, CourseKind.PARTY_WORK, CourseKind.ELEMENTARY,
            CourseKind.INTERMEDIATE} <= set(classes.values_list("kind", flat=True))
    assert all(c.organiser_id is None and c.institution.startswith(("Trung tâm Chính trị", "Trường Chính trị"))
               for c in classes)
    assert len({c.starts_on.year for c in classes}) == 2
    results = Counter(Enrolment.objects.values_list("result", flat=True))
    assert sum(results.values()) >= 300 and results[Result.PASSED] > 0.8 * sum(results.values())
    assert results[Result.FAILED] > 0
    candidates = Enrolment.objects.filter(candidate__isnull=False).select_related("candidate")
    assert candidates.exists()
    for row in candidates:
        assert row.candidate.steps.filter(step="course", date=row.certificate_date).exists()
    secretaries = Enrolment.objects.filter(training_class__kind=CourseKind.PARTY_WORK)
    assert secretaries.count() >= 50
    assert Member.objects.filter(political_theory="so_cap", enrolments__result=Result.PASSED,
                                 enrolments__training_class__kind=CourseKind.ELEMENTARY).exists()
    assert AuditEntry.objects.filter(action="training_enrol").count() == Enrolment.objects.count()
    assert demo_training.create(actor=admin, district=tay_son) == {}


def test_eighteen_months_of_dues_with_arrears_and_the_change_of_regime(demo):
    """demo/dues.py: declarations, reliefs, ~75.000 payments matching what the cell's sheet computes, arrears of
    3+ months, one reversal, remittances to the parent — over 02/2026; once."""
    admin = get_user_model().objects.get(username="admin")
    tay_son = Org.objects.get(type__code="dang_bo_huyen")
    as_of = demo_day(tay_son)  # the demo's own day (local time): created_at is UTC, a day behind after 17:00
    assert Declaration.objects.values("member").distinct().count() > 3000
    assert {"salary", "pension", "student", "other"} <= set(Declaration.objects.values_list("category", flat=True))
    payments = Payment.objects.filter(reversal_of__isnull=True)
    assert 50_000 <= payments.count() <= 90_000
    months = sorted(set(payments.values_list("month", flat=True)))
    last = as_of.replace(day=1)
    expected = [dues_rules.add_months(last, -n) for n in range(17, -1, -1)]
    # on the first days of a month its collection may not have started yet
    assert months == expected or (as_of.day <= 10 and months == expected[:-1]), (as_of, months[0], months[-1])
    assert Relief.objects.count() >= 5 and Relief.objects.filter(kind="reduce").exists()
    reversal = Payment.objects.get(reversal_of__isnull=False)
    assert reversal.amount == -reversal.reversal_of.amount and reversal.note
    assert AuditEntry.objects.filter(action="dues_payment_record").count() == payments.count()
    remitted = Remittance.objects.select_related("from_org", "to_org")
    assert remitted.count() > 100 and all(r.to_org.path == r.from_org.path[:-Org.steplen] for r in remitted[:200])
    # the regime change: January under 342-QĐ/TW, February under 01-QĐ/TW, for the same kind of member
    other = Declaration.objects.filter(category=BasisCategory.OTHER).values("member")
    january = set(payments.filter(month="2026-01-01", member__in=other).values_list("amount", flat=True))
    february = set(payments.filter(month="2026-02-01", member__in=other).values_list("amount", flat=True))
    assert 5_000 in january and ({11_100, 12_420} & february) and not {11_100, 12_420} & january
    # the 3-month list: members of a whole year in one cell with 3+ months of it unpaid and no relief (members
    # exempt at 50 years of seniority pay nothing from 02/2026: not counted)
    year = [m for m in months if m.year == as_of.year and m < months[-1]]
    whole = Declaration.objects.filter(valid_from=months[0]).values("member")
    paid = (payments.filter(month__in=year, member__in=whole).values("member")
            .annotate(n=Count("month", distinct=True), after=Count("month", filter=Q(month__gte="2026-02-01")))
            .filter(n__lte=len(year) - 3, after__gt=0).exclude(member__in=Relief.objects.values("member"))
            .filter(member__org__isnull=False).order_by("member"))
    behind = [row["member"] for row in paid]
    assert 3 <= len(behind) <= 100
    found = []
    for member in Member.objects.filter(pk__in=behind[:10]).select_related("org"):
        unpaid = [m for m in year if not payments.filter(member=member, month=m).exists()]
        for row in cell_dues(user=admin, org=member.org, month=unpaid[0]):
            if row.member.pk == member.pk and row.paid == 0 and row.unpaid:
                found.append((member, unpaid[0]))
    assert found
    member, first_unpaid = found[0]
    for month in (first_unpaid, dt.date(2026, 1, 1), dt.date(2026, 2, 1)):
        rows = cell_dues(user=admin, org=member.org, month=month)
        assert all(r.paid >= r.due.amount for r in rows if r.paid and r.due.amount is not None)
        assert {r.due.regime for r in rows} == {"342" if month < dt.date(2026, 2, 1) else "01"}
    assert demo_dues.create(actor=admin, district=tay_son) == {}


def test_a_term_of_inspection_work_by_the_demo_inspection_account(demo):
    inspector = get_user_model().objects.get(username="kiemtra")
    tay_son = Org.objects.get(name="Đảng bộ huyện Tây Sơn")
    programmes = Programme.objects.filter(org__path__startswith=tay_son.path, created_by=inspector)
    assert programmes.filter(org=tay_son, body="commission").count() == 2  # the term's programme, the year's plan
    assert programmes.filter(body="committee").values("org").distinct().count() == 3
    cases = Case.objects.filter(org__path__startswith=tay_son.path, created_by=inspector)
    assert cases.count() >= 12
    assert {"compliance", "violation", "lower_work", "finance", "sup_continuous", "sup_thematic",
            "denunciation"} <= set(cases.values_list("kind", flat=True))
    assert cases.filter(concluded_on__isnull=True).exists() and cases.filter(violation_found=True).exists()
    assert not cases.exclude(access__user=inspector).exists()  # named on every case
    y = cases.order_by("decided_on").first().decided_on.year
    overdue = selectors.follow_ups_overdue(user=inspector, as_of=dt.date(y + 1, 12, 31))
    assert overdue and FollowUp.objects.filter(case__in=cases, done_on__isnull=False).exists()
    letters = Denunciation.objects.filter(org=tay_son)
    assert sorted(letters.values_list("status", flat=True)) == ["assigned", "not_handled", "resolved"]
    assert letters.get(status="not_handled").anonymous
    assert not letters.exclude(access__user=inspector).exists()
    decisions = DisciplineDecision.objects.filter(proposal__case__in=cases)
    assert sorted(decisions.values_list("form", flat=True)) == ["reprimand", "warning"]
    assert DisciplineComplaint.objects.get(decision__in=decisions).result == "upheld"
    found = figures.figures(user=inspector, org=tay_son, period=year(y))
    assert found.members_disciplined["reprimand"] >= 1 and found.members_disciplined["warning"] >= 1
    assert found.checks["commission"].cases >= 4 and found.denunciations.received == 3
    assert demo_inspection.create(district=tay_son) == {}
