"""The reads the JSON API pages through: one cell's meetings by month and kind, a meeting with what its page
shows, the rules a committee issued, and the superior's assignments and checks of a cell. Callers pass orgs
they have read through the scope; the meeting itself comes through ``meeting_get``."""

import datetime as dt

from django.db.models import Prefetch, QuerySet

from dangbo.accounts.scope import scope_for
from dangbo.meetings.models import (
    Attendance,
    AttendanceAssignment,
    Meeting,
    MeetingGuest,
    OversightCheck,
    ScheduleRule,
)
from dangbo.meetings.selectors import _valid_on, meeting_get, meeting_queryset
from dangbo.orgs.models import Org


def meeting_list(*, user, org: Org, month_from: dt.date | None = None, month_to: dt.date | None = None,
                 kind: str = "") -> QuerySet[Meeting]:
    """The meetings of one cell (itself, not its subtree), newest first, by the months they count for."""
    qs = meeting_queryset(user=user).filter(org=org)
    if month_from:
        qs = qs.filter(month__gte=month_from.replace(day=1))
    if month_to:
        qs = qs.filter(month__lte=month_to.replace(day=1))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-id")


def meeting_detail(*, user, pk) -> Meeting:
    """A meeting with its attendance, guests, files and scores. A member who reads it as their cell's meeting
    (not through an org scope) sees their own attendance only."""
    meeting = meeting_get(user=user, pk=pk)
    attendance = Attendance.objects.select_related("member").order_by("member__sort_key", "member_id")
    scope = scope_for(user)
    if not scope.covers_path(meeting.org.path):
        attendance = attendance.filter(member_id__in=list(scope.own_member_ids))
    return (Meeting.objects.filter(pk=meeting.pk).select_related("org", "topic__plan", "preparer")
            .prefetch_related(Prefetch("attendance", queryset=attendance),
                              Prefetch("guests", queryset=MeetingGuest.objects.select_related("member")),
                              "files", "scores").get())


def schedules_of(*, org: Org) -> QuerySet[ScheduleRule]:
    """The schedule rules a committee issued, newest first (G1)."""
    return ScheduleRule.objects.filter(org=org).select_related("org").order_by("-valid_from", "-id")


def assignments_of(*, cell: Org, on: dt.date | None = None) -> QuerySet[AttendanceAssignment]:
    qs = AttendanceAssignment.objects.filter(cell=cell)
    if on is not None:
        qs = qs.filter(_valid_on(on))
    return qs.select_related("member", "org", "cell").order_by("-valid_from", "id")


def oversight_checks_of(*, cell: Org, year: int | None = None) -> QuerySet[OversightCheck]:
    qs = OversightCheck.objects.filter(cell=cell)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("org", "cell").order_by("-year", "-half")
