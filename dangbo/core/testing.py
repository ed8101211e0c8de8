"""Shared test helpers: a small tree built through the real services, users with scoped roles."""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from dangbo.accounts.models import Grant, Role
from dangbo.orgs.models import OrgKind, OrgType

_seq = itertools.count(1)


def admin_user(username="admin"):
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username, defaults={"is_superuser": True, "is_staff": True})
    user.set_password("matkhau-123")
    user.save()
    return user


def user_with(role: str, org=None, member=None, username=None):
    user = get_user_model().objects.create_user(username=username or f"u{next(_seq)}", password="matkhau-123")  # noqa: S106
    Grant.objects.create(user=user, role=role, org=org, member=member)
    return user


def otype(code):
    return OrgType.objects.get(code=code)


def okind(code):
    return OrgKind.objects.get(code=code)


def cccd_for(gender: str, born: dt.date, serial: int) -> str:
    century = born.year // 100 - 19
    return f"001{century * 2 + (1 if gender == 'F' else 0)}{born.year % 100:02d}{serial:06d}"


def reference_rows() -> None:
    """Put back the rows the data migrations load (org levels, types and kinds; review criteria): a
    transactional test (browser, jobs, backup) flushes them with everything else, and with whole files per
    worker the next file on that worker may need them."""
    from dangbo.orgs import reference
    from dangbo.reviews import reference as review_reference

    reference.load()
    review_reference.load()


class Tree:
    """Huyện ủy X → Đảng bộ xã A (→ chi bộ thôn 1, chi bộ thôn 2), Chi bộ cơ sở B; Đảng bộ huyện Y (another)."""

    def __init__(self, actor, founded=dt.date(2015, 1, 1)):
        from dangbo.orgs.services import org_create

        reference_rows()
        self.actor = actor
        mk = lambda parent, name, code, kind=None: org_create(  # noqa: E731
            actor=actor, parent=parent, name=name, type=otype(code), kind=okind(kind) if kind else None,
            founded_on=founded)
        self.province = mk(None, "Đảng bộ tỉnh Lâm Đồng", "dang_bo_tinh")
        self.district = mk(self.province, "Đảng bộ huyện Lạc Dương", "dang_bo_huyen")
        self.commune = mk(self.district, "Đảng bộ xã Đạ Sar", "dang_bo_co_so", "xa")
        self.cell1 = mk(self.commune, "Chi bộ thôn Đạ Nghịt", "chi_bo_truc_thuoc", "thon")
        self.cell2 = mk(self.commune, "Chi bộ thôn Păng Tiêng", "chi_bo_truc_thuoc", "thon")
        self.agency = mk(self.district, "Chi bộ Phòng Giáo dục", "chi_bo_co_so", "co_quan_hanh_chinh")
        self.other_district = mk(self.province, "Đảng bộ huyện Đam Rông", "dang_bo_huyen")
        self.other_commune = mk(self.other_district, "Đảng bộ xã Rô Men", "dang_bo_co_so", "xa")
        self.other_cell = mk(self.other_commune, "Chi bộ thôn Liên Hợp", "chi_bo_truc_thuoc", "thon")
        for org in vars(self).values():
            if hasattr(org, "refresh_from_db"):
                org.refresh_from_db()

    def member(self, name="Nguyễn Văn An", org=None, admitted=dt.date(2018, 5, 19), official=dt.date(2019, 5, 19),
               gender="M", born=dt.date(1985, 3, 2), **extra):
        from dangbo.members.services import member_create

        data = {"full_name": name, "date_of_birth": born, "gender": gender,
                "cccd": cccd_for(gender, born, next(_seq)), **extra}
        # A record of an existing member, decided in the past: a missing letter (admitted over 60) is flagged,
        # as the XLSX import does, not refused; tests of the refusal call member_create themselves.
        return member_create(actor=self.actor, data=data, org=org or self.cell1, admitted_on=admitted,
                             official_on=official, as_decided=True)


__all__ = ["Role", "Tree", "admin_user", "user_with", "cccd_for"]
