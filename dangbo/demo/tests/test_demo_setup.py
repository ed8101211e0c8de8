"""``manage.py demo_setup``: accounts with their scopes, and a second run that changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Max
from django.test import override_settings

from dangbo.accounts.models import AuditEntry, Grant, Role
from dangbo.accounts.scope import scope_for
from dangbo.admissions.models import ScreeningDecision
from dangbo.core.periods import half, year
from dangbo.demo import screening as demo_screening
from dangbo.demo import statforms as demo_statforms
from dangbo.demo import transfers as demo_transfers
from dangbo.meetings.models import Attendance, Meeting
from dangbo.members.choices import ACTIVE_STATUSES, MemberStatus
from dangbo.members.models import Member
from dangbo.members.selectors import member_list
from dangbo.orgs.models import Org
from dangbo.statforms.definitions import guidance_on
from dangbo.statforms.models import FormSnapshot
from dangbo.statforms.sets import form_set
from dangbo.statforms.snapshots import children_status
from dangbo.transfers.choices import LetterKind
from dangbo.transfers.models import TransferLetter
from dangbo.transfers.selectors import not_arrived

# one worker builds this module's district (a module fixture): minutes on PostgreSQL, not once per worker
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-test_demo_setup")]
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
