"""The demo accounts that ``make run`` prints: one per role, scoped to the generated district.

Passwords are fixed demo strings, for trying the system on one's own machine only.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from dangbo.accounts.models import Grant, Role
from dangbo.members.choices import ACTIVE_STATUSES
from dangbo.members.models import Member
from dangbo.orgs.models import CommitteeSeat, Org, OrgStatus


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    label: str
    person: str = ""  # the header shows a person's name; the secretary and the member take their record's


ACCOUNTS = [
    DemoAccount("admin", "dangbo-admin", Role.ADMIN, "Quản trị hệ thống", "Quản trị viên"),
    DemoAccount("bantochuc", "dangbo-bantochuc", Role.ORG_COMMISSION, "Ban tổ chức", "Nguyễn Thị Hồng Nhung"),
    DemoAccount("kiemtra", "dangbo-kiemtra", Role.INSPECTION, "Ủy ban kiểm tra (đọc; ghi hồ sơ kiểm tra, giám sát)", "Trần Văn Bình"),
    DemoAccount("bithu", "dangbo-bithu", Role.CELL_SECRETARY, "Bí thư chi bộ"),
    DemoAccount("dangvien", "dangbo-dangvien", Role.MEMBER, "Đảng viên (hồ sơ của mình)"),
]


def _split_name(full_name: str) -> tuple[str, str]:
    """(họ và tên đệm, tên): Django's last_name and first_name."""
    family, _, given = full_name.rpartition(" ")
    return family, given


def demo_district() -> Org | None:
    """The district-level org the demo accounts work in (Đảng bộ huyện Tây Sơn in the generated data)."""
    return (Org.objects.filter(type__code="dang_bo_huyen", status=OrgStatus.ACTIVE).order_by("path").first()
            or Org.objects.filter(depth=1).order_by("path").first())


def demo_cell(within: Org) -> tuple[Org | None, Member | None, Member | None]:
    """A village cell whose current secretary really sits in it, that secretary, and another member of it."""
    seats = (CommitteeSeat.objects.filter(
        post="secretary", ends_on__isnull=True, committee__term__ends_on__isnull=True,
        committee__term__org__path__startswith=within.path, committee__term__org__type__is_cell=True,
        committee__term__org__kind__is_residential=True, committee__term__org__status=OrgStatus.ACTIVE,
        member__status__in=ACTIVE_STATUSES)
        .select_related("member", "committee__term__org").order_by("committee__term__org__path"))
    for seat in seats:
        cell = seat.committee.term.org
        if seat.member.org_id != cell.pk:
            continue
        other = (Member.objects.filter(org=cell, status__in=ACTIVE_STATUSES, is_exempt=False)
                 .exclude(pk=seat.member_id).order_by("sort_key", "id").first())
        if other is not None:
            return cell, seat.member, other
    return None, None, None


@transaction.atomic
def ensure_accounts() -> list[tuple[DemoAccount, str]]:
    """Create the demo users and grants that are missing; leave existing ones as they are (so a second run
    changes nothing). Returns each account with the scope it was given."""
    district = demo_district()
    cell, secretary, member = demo_cell(district) if district else (None, None, None)
    people = {"bithu": secretary.full_name if secretary else "", "dangvien": member.full_name if member else ""}
    user_model = get_user_model()
    out = []
    for account in ACCOUNTS:
        user = user_model.objects.filter(username=account.username).first()
        if user is None:
            family, given = _split_name(account.person or people.get(account.username, ""))
            user = user_model(username=account.username, is_staff=account.role == Role.ADMIN,
                              is_superuser=account.role == Role.ADMIN, last_name=family, first_name=given)
            user.set_password(account.password)
            user.save()
        elif not user.check_password(account.password):
            user.set_password(account.password)
            user.save(update_fields=["password"])
        scope = ""
        if account.role == Role.ADMIN:
            target = {"org": None, "member": None}
            scope = "toàn hệ thống"
        elif account.role in (Role.ORG_COMMISSION, Role.INSPECTION):
            target = {"org": district, "member": None}
            scope = district.name if district else ""
        elif account.role == Role.CELL_SECRETARY:
            target = {"org": cell, "member": None}
            scope = cell.name if cell else ""
        else:
            target = {"org": None, "member": member}
            scope = f"{member.full_name}, {cell.name}" if member else ""
        grant = Grant.objects.filter(user=user, role=account.role).select_related("org", "member").first()
        if grant is None and (target["org"] or target["member"] or account.role == Role.ADMIN):
            Grant.objects.create(user=user, role=account.role, **target)
        elif grant is not None:
            scope = "toàn hệ thống" if account.role == Role.ADMIN else (
                grant.org.name if grant.org else f"{grant.member.full_name}" if grant.member else scope)
            if account.role == Role.MEMBER and grant.member and grant.member.org_id:
                scope = f"{grant.member.full_name}, {grant.member.org.name}"
        out.append((account, scope))
    return out
