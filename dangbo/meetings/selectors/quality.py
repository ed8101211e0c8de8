"""The facts of one regular meeting that the G2 verdict reads (``rules.assess_quality``), gathered from the
database: tallies and times from the meeting, the preparer's seat, the committee's preparation meeting of the
month, the schedule window, and the members absent with reason more than the guidance allows this year.
Unscoped: callers have read the meeting through its scope."""

import datetime as dt

from django.db.models import Q

from dangbo.core.dates import today
from dangbo.meetings import rules
from dangbo.meetings.choices import CELL_SESSIONS, MeetingKind, Presence
from dangbo.meetings.models import Attendance, Meeting
from dangbo.meetings.selectors import window_of
from dangbo.orgs.models import CommitteePost, CommitteeSeat

LEADERS = (CommitteePost.SECRETARY, CommitteePost.DEPUTY_SECRETARY)


def _prepared_by_secretary(meeting: Meeting) -> bool:
    if meeting.preparer_id is None:
        return False
    on = meeting.date
    return CommitteeSeat.objects.filter(
        member_id=meeting.preparer_id, post__in=LEADERS, committee__term__org_id=meeting.org_id, starts_on__lte=on,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on)).exists()


def _had_preparation_meeting(meeting: Meeting) -> bool:
    return Meeting.objects.filter(org_id=meeting.org_id, month=meeting.month, kind=MeetingKind.PREPARATION,
                                  date__lte=meeting.date).exists()


def _excused_streaks(meeting: Meeting, limit: int) -> int:
    """Members of this meeting with more than ``limit`` absences with reason running, in the meetings of the
    cell this year up to this one (G2 group 1)."""
    ids = [m for m, s in Attendance.objects.filter(meeting=meeting).values_list("member_id", "status")
           if s != Presence.EXEMPT]
    if not ids:
        return 0
    rows = (Attendance.objects.filter(member_id__in=ids, org_id=meeting.org_id,
                                      date__gte=dt.date(meeting.date.year, 1, 1), date__lte=meeting.date,
                                      meeting__kind__in=CELL_SESSIONS)
            .order_by("member_id", "date", "meeting_id").values_list("member_id", "status"))
    by_member: dict[int, list[str]] = {}
    for member_id, status in rows:
        by_member.setdefault(member_id, []).append(status)
    return sum(1 for statuses in by_member.values() if rules.excused_streak(statuses, limit))


def meeting_facts(meeting: Meeting) -> rules.MeetingFacts:
    guidance = rules.guidance_on(meeting.date)
    start, end, _ = window_of(org=meeting.org, month_first=meeting.month)
    return rules.MeetingFacts(
        date=meeting.date, present=meeting.present, excused=meeting.excused, unexcused=meeting.unexcused,
        minutes=rules.duration_minutes(meeting.starts_at, meeting.ends_at), combined_session=meeting.combined_session,
        prepared_by_secretary=_prepared_by_secretary(meeting), had_preparation_meeting=_had_preparation_meeting(meeting),
        has_draft_resolution=meeting.has_draft_resolution, documents_posted_on=meeting.documents_posted_on,
        in_window=start <= meeting.date <= end, has_conclusion=bool((meeting.conclusion or "").strip()),
        excused_streaks=_excused_streaks(meeting, guidance.max_excused_streak), checks=dict(meeting.checks or {}))


def quality_of(meeting: Meeting) -> rules.QualityVerdict | None:
    """The G2 verdict of a regular meeting held (None for other kinds and for meetings still to come)."""
    if meeting.kind != MeetingKind.REGULAR or meeting.date > today():
        return None
    return rules.assess_quality(meeting_facts(meeting))
