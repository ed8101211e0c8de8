"""Indicators computed from the member registry and its lifecycle (TARGETS.md: Admissions and members;
the counts `002` reports in its footnotes).

Next to an indicator, its drill-down ``(*, user, org, period) -> [(heading, records)]`` lists the members behind
the number, limited to the events recorded in orgs the user may read."""

import datetime as dt

from django.db.models import Q

from dangbo.accounts.scope import scope_for
from dangbo.members.choices import EventKind, MemberCategory, PoliticalTheory, RegistrationKind
from dangbo.members.models import DisciplineDecision, LifecycleEvent, Member, Registration
from dangbo.orgs.selectors import listed_if_small, subtree_org_ids_on, subtrees_on
from dangbo.targets.registry import Measure, as_of, children_of, indicator, subtree_sets, years_of


def _events(kind: str, org, period):
    on = as_of(period)
    return LifecycleEvent.objects.filter(
        kind=kind, is_void=False, superseded_by__isnull=True, date__gte=period.start, date__lte=on,
        org_id__in=subtree_org_ids_on(org=org, on=on))


def _people(user, events_or_regs):
    """The members behind a set of events (or registrations), limited to those recorded in the user's scope."""
    seen = events_or_regs.filter(scope_for(user).org_q(field="org__path")).values("member_id")
    return Member.objects.filter(pk__in=seen).select_related("org").order_by("sort_key", "id")


def _registrations_on(org, on: dt.date):
    return Registration.objects.filter(
        kind=RegistrationKind.OFFICIAL, valid_from__lte=on,
        org_id__in=listed_if_small(subtree_org_ids_on(org=org, on=on))
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def members_on_day(org, on: dt.date) -> int:
    """Members on the list (official registrations) of the subtree on a day, over the tree of that day."""
    return _registrations_on(org, on).values("member_id").distinct().count()


def _by_child(pairs, child_of: dict[int, int]) -> dict[int, int]:
    """Distinct members per child from (org id, member id) pairs; every child present, with 0 when none."""
    seen: dict[int, set] = {kid: set() for kid in child_of.values()}
    for org_id, member_id in pairs:
        kid = child_of.get(org_id)
        if kid is not None:
            seen[kid].add(member_id)
    return {kid: len(members) for kid, members in seen.items()}


def _events_by_child(events, child_of):
    return _by_child(events.values_list("org_id", "member_id").distinct(), child_of)


def members_on_day_by_child(kids, on: dt.date) -> dict[int, int]:
    """``members_on_day`` of each of ``kids`` in one read, each over its own subtree on that day."""
    within = subtrees_on(kids, on)
    regs = Registration.objects.filter(kind=RegistrationKind.OFFICIAL, valid_from__lte=on, org_id__in=list(within)
                                       ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    counts = _by_child(regs.values_list("org_id", "member_id").distinct(), within)
    return {kid: counts.get(kid, 0) for kid in kids}


def members_count_detail(*, user, org, period):
    return [("Đảng viên trong danh sách cuối kỳ", _people(user, _registrations_on(org, as_of(period))))]


@indicator("members_count", "Tổng số đảng viên cuối kỳ", unit="count", drilldown=members_count_detail)
def members_count(*, org, period):
    return Measure(members_on_day(org, as_of(period)))


@children_of("members_count")
def members_count_children(*, org, period, child_of):
    kids = set(child_of.values())
    return {kid: Measure(n) for kid, n in members_on_day_by_child(kids, as_of(period)).items()}


def admitted_detail(*, user, org, period):
    return [("Đảng viên được kết nạp trong kỳ", _people(user, _events(EventKind.ADMIT, org, period)))]


@indicator("admissions_count", "Số đảng viên được kết nạp", unit="count", drilldown=admitted_detail)
def admissions_count(*, org, period):
    return Measure(_events(EventKind.ADMIT, org, period).values("member_id").distinct().count())


def _events_by_period(kind: str, org, periods) -> list[int] | None:
    """``_events(kind, org, period)``'s distinct members for each of ``periods``, from one read of the events of
    their whole span over the union of their trees, split by period and by that period's tree here; None when
    the trees are too big to list."""
    days = [as_of(p) for p in periods]
    subtrees = subtree_sets(org, days)
    if subtrees is None:
        return None
    rows = list(LifecycleEvent.objects.filter(
        kind=kind, is_void=False, superseded_by__isnull=True, date__gte=min(p.start for p in periods),
        date__lte=max(days), org_id__in=sorted(frozenset().union(*subtrees))
    ).order_by().values_list("date", "org_id", "member_id").distinct())  # no ordering: DISTINCT would add ``id``
    return [len({m for d, o, m in rows if p.start <= d <= on and o in ids})
            for p, on, ids in zip(periods, days, subtrees, strict=True)]


@years_of("admissions_count")
def admissions_count_years(*, org, periods):
    counts = _events_by_period(EventKind.ADMIT, org, periods)
    return None if counts is None else [Measure(n) for n in counts]


@indicator("admission_rate", "Tỷ lệ kết nạp đảng viên so với tổng số đảng viên đầu kỳ", drilldown=admitted_detail)
def admission_rate(*, org, period):
    """Base: the members on the list the day before the period starts (biểu 1, row A "đầu kỳ")."""
    admitted = _events(EventKind.ADMIT, org, period).values("member_id").distinct().count()
    return Measure(admitted, members_on_day(org, period.start - dt.timedelta(days=1)))


@children_of("admissions_count")
def admissions_count_children(*, org, period, child_of):
    return {kid: Measure(n) for kid, n in _events_by_child(_events(EventKind.ADMIT, org, period), child_of).items()}


@years_of("admission_rate")
def admission_rate_years(*, org, periods):
    admitted = _events_by_period(EventKind.ADMIT, org, periods)
    if admitted is None:
        return None
    return [Measure(n, members_on_day(org, p.start - dt.timedelta(days=1))) for n, p in zip(admitted, periods,
                                                                                            strict=True)]


@children_of("admission_rate")
def admission_rate_children(*, org, period, child_of):
    admitted = _events_by_child(_events(EventKind.ADMIT, org, period), child_of)
    base = members_on_day_by_child(set(child_of.values()), period.start - dt.timedelta(days=1))
    return {kid: Measure(n, base[kid]) for kid, n in admitted.items()}


def _business_owners(org, period):
    return _events(EventKind.ADMIT, org, period).filter(member__category=MemberCategory.BUSINESS_OWNER)


def business_owners_detail(*, user, org, period):
    return [("Chủ doanh nghiệp tư nhân được kết nạp", _people(user, _business_owners(org, period)))]


@indicator("business_owners_admitted", "Chủ doanh nghiệp tư nhân được kết nạp", unit="count",
           drilldown=business_owners_detail)
def business_owners_admitted(*, org, period):
    return Measure(_business_owners(org, period).values("member_id").distinct().count())


@children_of("business_owners_admitted")
def business_owners_admitted_children(*, org, period, child_of):
    return {kid: Measure(n) for kid, n in _events_by_child(_business_owners(org, period), child_of).items()}


NO_LLCT = ["", PoliticalTheory.NONE]


def new_members_llct_detail(*, user, org, period):
    admitted = _events(EventKind.ADMIT, org, period)
    return [("Đã học lý luận chính trị sơ cấp trở lên",
             _people(user, admitted.exclude(member__political_theory__in=NO_LLCT))),
            ("Chưa học", _people(user, admitted.filter(member__political_theory__in=NO_LLCT)))]


@indicator("new_members_basic_llct_rate", "Đảng viên mới kết nạp đã học lý luận chính trị sơ cấp trở lên",
           drilldown=new_members_llct_detail)
def new_members_llct(*, org, period):
    admitted = _events(EventKind.ADMIT, org, period)
    trained = admitted.exclude(member__political_theory__in=NO_LLCT)
    return Measure(trained.values("member_id").distinct().count(), admitted.values("member_id").distinct().count())


@children_of("new_members_basic_llct_rate")
def new_members_llct_children(*, org, period, child_of):
    admitted = _events(EventKind.ADMIT, org, period)
    trained = _events_by_child(admitted.exclude(member__political_theory__in=NO_LLCT), child_of)
    return {kid: Measure(trained[kid], n) for kid, n in _events_by_child(admitted, child_of).items()}


def _count(kind: str, code: str, name: str) -> None:
    def detail(*, user, org, period, _kind=kind):
        return [(name, _people(user, _events(_kind, org, period)))]

    @indicator(code, name, unit="count", drilldown=detail)
    def compute(*, org, period, _kind=kind):
        return Measure(_events(_kind, org, period).values("member_id").distinct().count())

    @children_of(code)
    def compute_children(*, org, period, child_of, _kind=kind):
        return {kid: Measure(n) for kid, n in _events_by_child(_events(_kind, org, period), child_of).items()}


_count(EventKind.RECOGNIZE, "recognized_count", "Đảng viên dự bị được công nhận chính thức")
_count(EventKind.STRIKE_OFF, "struck_off_count", "Đảng viên bị xóa tên")
_count(EventKind.DISMISS, "dismissed_count", "Đảng viên cho ra khỏi Đảng")
_count(EventKind.EXPEL, "expelled_count", "Đảng viên bị khai trừ")
_count(EventKind.DEATH, "deceased_count", "Đảng viên từ trần")


def _decisions(form: str, org, period):
    on = as_of(period)
    return DisciplineDecision.objects.filter(form=form, date__gte=period.start, date__lte=on,
                                             org_id__in=subtree_org_ids_on(org=org, on=on))


def _discipline(form: str, code: str, name: str) -> None:
    def detail(*, user, org, period, _form=form):
        qs = _decisions(_form, org, period).filter(scope_for(user).org_q(field="org__path"))
        return [(name, qs.select_related("member", "org").order_by("date", "id"))]

    @indicator(code, name, unit="count", drilldown=detail)
    def compute(*, org, period, _form=form):
        return Measure(_decisions(_form, org, period).count())

    @children_of(code)
    def compute_children(*, org, period, child_of, _form=form):
        counts = dict.fromkeys(child_of.values(), 0)
        for org_id in _decisions(_form, org, period).values_list("org_id", flat=True):
            if org_id in child_of:
                counts[child_of[org_id]] += 1
        return {kid: Measure(n) for kid, n in counts.items()}


_discipline("reprimand", "discipline_reprimand_count", "Kỷ luật khiển trách")
_discipline("warning", "discipline_warning_count", "Kỷ luật cảnh cáo")
_discipline("removal", "discipline_removal_count", "Kỷ luật cách chức")
_discipline("expulsion", "discipline_expulsion_count", "Kỷ luật khai trừ")
