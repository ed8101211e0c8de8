"""A member's own view of their cell's meetings (Role.MEMBER): their records, the next meetings of the cell they
belong to, and their own attendance."""

import datetime as dt

from django.db.models import Count

from dangbo.accounts.scope import scope_for
from dangbo.meetings import rules
from dangbo.meetings.choices import Presence
from dangbo.meetings.models import Attendance, Meeting
from dangbo.meetings.selectors import _require_member, meetings_of
from dangbo.members.models import Member
from dangbo.orgs.models import Org

HISTORY_ROWS = 24
PLANNED_ROWS = 5


def own_members(*, user) -> list[Member]:
    """The member records the user's account is (usually one)."""
    ids = scope_for(user).own_member_ids
    return list(Member.objects.filter(pk__in=ids).select_related("org")) if ids else []


def planned(*, user, org: Org, on: dt.date) -> list[Meeting]:
    """The cell's meetings already set for ``on`` or later, soonest first."""
    return list(meetings_of(user=user, org=org).filter(date__gte=on).order_by("date", "id")[:PLANNED_ROWS])


def attendance_history(*, user, member: Member, limit: int = HISTORY_ROWS) -> list[Attendance]:
    _require_member(user, member)
    return list(Attendance.objects.filter(member=member).select_related("meeting", "org")
                .order_by("-date", "-meeting_id")[:limit])


def absences(*, user, member: Member, on: dt.date) -> dict[str, int]:
    """The member's attendance counted over the 12 months M11 looks at, by status."""
    _require_member(user, member)
    start, end = rules.absence_window(on)
    counts = dict(Attendance.objects.filter(member=member, date__gte=start, date__lte=end)
                  .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {s: counts.get(s, 0) for s in Presence.values}
