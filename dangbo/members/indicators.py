"""Indicators computed from the member registry and its lifecycle (TARGETS.md: Admissions and members;
the counts `002` reports in its footnotes)."""

import datetime as dt

from django.db.models import Q

from dangbo.members.choices import EventKind, MemberCategory, PoliticalTheory, RegistrationKind
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Registration
from dangbo.orgs.selectors import subtree_org_ids_on
from dangbo.targets.registry import Measure, as_of, indicator


def _events(kind: str, org, period):
    on = as_of(period)
    return LifecycleEvent.objects.filter(
        kind=kind, is_void=False, superseded_by__isnull=True, date__gte=period.start, date__lte=on,
        org_id__in=subtree_org_ids_on(org=org, on=on))


def members_on_day(org, on: dt.date) -> int:
    """Members on the list (official registrations) of the subtree on a day, over the tree of that day."""
    return Registration.objects.filter(
        kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=subtree_org_ids_on(org=org, on=on)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).values("member_id").distinct().count()


@indicator("members_count", "Tổng số đảng viên cuối kỳ", unit="count")
def members_count(*, org, period):
    return Measure(members_on_day(org, as_of(period)))


@indicator("admissions_count", "Số đảng viên được kết nạp", unit="count")
def admissions_count(*, org, period):
    return Measure(_events(EventKind.ADMIT, org, period).values("member_id").distinct().count())


@indicator("admission_rate", "Tỷ lệ kết nạp đảng viên so với tổng số đảng viên đầu kỳ")
def admission_rate(*, org, period):
    """Base: the members on the list the day before the period starts (biểu 1, row A "đầu kỳ")."""
    admitted = _events(EventKind.ADMIT, org, period).values("member_id").distinct().count()
    return Measure(admitted, members_on_day(org, period.start - dt.timedelta(days=1)))


@indicator("business_owners_admitted", "Chủ doanh nghiệp tư nhân được kết nạp", unit="count")
def business_owners_admitted(*, org, period):
    qs = _events(EventKind.ADMIT, org, period).filter(member__category=MemberCategory.BUSINESS_OWNER)
    return Measure(qs.values("member_id").distinct().count())


@indicator("new_members_basic_llct_rate", "Đảng viên mới kết nạp đã học lý luận chính trị sơ cấp trở lên")
def new_members_llct(*, org, period):
    admitted = _events(EventKind.ADMIT, org, period)
    trained = admitted.exclude(member__political_theory__in=["", PoliticalTheory.NONE])
    return Measure(trained.values("member_id").distinct().count(), admitted.values("member_id").distinct().count())


def _count(kind: str, code: str, name: str) -> None:
    @indicator(code, name, unit="count")
    def compute(*, org, period, _kind=kind):
        return Measure(_events(_kind, org, period).values("member_id").distinct().count())


_count(EventKind.RECOGNIZE, "recognized_count", "Đảng viên dự bị được công nhận chính thức")
_count(EventKind.STRIKE_OFF, "struck_off_count", "Đảng viên bị xóa tên")
_count(EventKind.DISMISS, "dismissed_count", "Đảng viên cho ra khỏi Đảng")
_count(EventKind.EXPEL, "expelled_count", "Đảng viên bị khai trừ")
_count(EventKind.DEATH, "deceased_count", "Đảng viên từ trần")


def _discipline(form: str, code: str, name: str) -> None:
    @indicator(code, name, unit="count")
    def compute(*, org, period, _form=form):
        on = as_of(period)
        qs = DisciplineDecision.objects.filter(form=_form, date__gte=period.start, date__lte=on,
                                               org_id__in=subtree_org_ids_on(org=org, on=on))
        return Measure(qs.count())


_discipline("reprimand", "discipline_reprimand_count", "Kỷ luật khiển trách")
_discipline("warning", "discipline_warning_count", "Kỷ luật cảnh cáo")
_discipline("removal", "discipline_removal_count", "Kỷ luật cách chức")
_discipline("expulsion", "discipline_expulsion_count", "Kỷ luật khai trừ")
