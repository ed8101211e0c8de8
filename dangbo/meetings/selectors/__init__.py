"""Reads of cell meetings, always through the acting user's scope; and the unscoped lookups (the rule in force
for a cell on a day) the services and the roll-ups share once scope is checked."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import OutOfScope, get_or_out_of_scope
from dangbo.meetings import rules
from dangbo.meetings.models import (
    AttendanceAssignment,
    Meeting,
    MemberTask,
    ResidenceLiaison,
    ScheduleRule,
    ScoringSheet,
    TopicPlan,
    YearlyPaper,
)
from dangbo.members.models import Member
from dangbo.orgs.models import Org, OrgPlacement
from dangbo.orgs.selectors import placement_on


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))


def _visible_orgs(user, write: bool) -> Q:
    """Orgs whose meetings the user sees: their scope, and for a member the cell they belong to now."""
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    q = Q(org__in=Org.objects.filter(scope.org_q(write=write)).values("id")) if (
        scope.write_paths if write else scope.read_paths) else Q(pk__in=[])
    if not write and scope.own_member_ids:
        q |= Q(org__in=Member.objects.filter(pk__in=scope.own_member_ids).values("org_id"))
    return q


def meeting_queryset(*, user, write: bool = False) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_visible_orgs(user, write)).select_related("org", "topic")


def meeting_get(*, user, pk, write: bool = False) -> Meeting:
    return get_or_out_of_scope(meeting_queryset(user=user, write=write), pk=pk)


def meetings_of(*, user, org: Org, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Meeting]:
    """The meetings of one cell (its own, not its subtree's), newest first."""
    qs = meeting_queryset(user=user).filter(org=org)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs


def tasks_of(*, user, member: Member) -> QuerySet[MemberTask]:
    _require_member(user, member)
    return MemberTask.objects.filter(member=member).select_related("org")


def papers_of(*, user, member: Member) -> QuerySet[YearlyPaper]:
    _require_member(user, member)
    return YearlyPaper.objects.filter(member=member)


def liaisons_of(*, user, member: Member) -> QuerySet[ResidenceLiaison]:
    _require_member(user, member)
    return ResidenceLiaison.objects.filter(member=member).select_related("residence_cell")


def _require_member(user, member: Member) -> None:
    if not Member.objects.filter(scope_for(user).member_q(), pk=member.pk).exists():
        raise OutOfScope()


# --- the rule in force for a cell (unscoped: callers have checked scope) -------------------------------------------

def ancestor_ids_on(*, org: Org, on: dt.date) -> list[int]:
    """``org`` and its ancestors in the tree of ``on``, nearest first."""
    at = placement_on(org=org, on=on)
    path = at.path if at else org.path
    paths = [path[:n] for n in range(len(path), 0, -Org.steplen)]
    by_path = dict(OrgPlacement.objects.filter(_valid_on(on), path__in=paths).values_list("path", "org_id"))
    if not at:
        by_path.update(Org.objects.filter(path__in=paths).values_list("path", "id"))
    return [by_path[p] for p in paths if p in by_path]


def schedule_on(*, org: Org, on: dt.date) -> ScheduleRule | None:
    """The schedule rule of the nearest committee at or above the cell, valid on ``on`` (G1)."""
    chain = ancestor_ids_on(org=org, on=on)
    found = {r.org_id: r for r in ScheduleRule.objects.filter(_valid_on(on), org_id__in=chain)}
    return next((found[pk] for pk in chain if pk in found), None)


def window_of(*, org: Org, month_first: dt.date) -> tuple[dt.date, dt.date, ScheduleRule | None]:
    rule = schedule_on(org=org, on=month_first)
    if rule is None:
        return (*rules.month_window(None, None, None, False, month_first), None)
    return (*rules.month_window(rule.kind, rule.start_day, rule.end_day, rule.ends_next_month, month_first), rule)


def sheet_on(*, org: Org, kind: str, on: dt.date) -> ScoringSheet | None:
    """The scoring sheet (G3) of the nearest level at or above the cell for this kind of meeting on ``on``."""
    chain = ancestor_ids_on(org=org, on=on)
    found = {s.org_id: s for s in ScoringSheet.objects.filter(_valid_on(on), org_id__in=chain, kind=kind)}
    return next((found[pk] for pk in chain if pk in found), None)


def next_due(*, org: Org, on: dt.date, count: int = 3) -> list[tuple[dt.date, dt.date, dt.date]]:
    """The next regular meetings due for the cell from ``on``: (month, window start, window end)."""
    out = []
    first = on.replace(day=1) - relativedelta(months=1)
    while len(out) < count:
        start, end, _ = window_of(org=org, month_first=first)
        if end >= on:
            out.append((first, start, end))
        first += relativedelta(months=1)
    return out


def topic_plan_of(*, org: Org, year: int) -> TopicPlan | None:
    return TopicPlan.objects.filter(org=org, year=year).prefetch_related("topics").first()


def assignments_on(*, cell: Org, on: dt.date) -> QuerySet[AttendanceAssignment]:
    return AttendanceAssignment.objects.filter(_valid_on(on), cell=cell).select_related("member")
