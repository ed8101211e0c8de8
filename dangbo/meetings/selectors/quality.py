"""The facts of a regular meeting that the G2 verdict (rules.assess_quality) weighs, read from the database:
the preparation meeting, the schedule window, the excused-absence streaks of the year, who prepared it.
Unscoped: the caller has fetched the meeting through a scoped selector."""

import datetime as dt

from django.db.models import Q

from dangbo.meetings import rules
from dangbo.meetings.choices import MeetingKind, Presence
from dangbo.meetings.models import Attendance, Meeting
from dangbo.meetings.selectors import window_of
from dangbo.orgs.models import CommitteePost, CommitteeSeat

PREPARING_POSTS = (CommitteePost.SECRETARY, CommitteePost.DEPUTY_SECRETARY)


def had_preparation_meeting(meeting: Meeting) -> bool:
    """The cell committee met to prepare: a preparation meeting of the same cell and month on or before the day."""
    return Meeting.objects.filter(org_id=meeting.org_id, kind=MeetingKind.PREPARATION, month=meeting.month,
                                  date__lte=meeting.date).exists()


def prepared_by_secretary(meeting: Meeting) -> bool:
    """The preparer held the post of secretary or deputy secretary of the cell's committee on the meeting's day."""
    if meeting.preparer_id is None:
        return False
    return CommitteeSeat.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=meeting.date), member_id=meeting.preparer_id,
        post__in=PREPARING_POSTS, starts_on__lte=meeting.date, committee__term__org_id=meeting.org_id).exists()


def excused_streaks(meeting: Meeting, limit: int) -> int:
    """How many members called at the meeting were absent with reason more than ``limit`` regular meetings running
    in its year, up to and including it (G2 group 1). One read of the year's rows of those members."""
    called = list(Attendance.objects.filter(meeting=meeting).exclude(status=Presence.EXEMPT)
                  .values_list("member_id", flat=True))
    if not called:
        return 0
    by_member: dict[int, list[str]] = {}
    for member_id, status in (Attendance.objects.filter(
            member_id__in=called, date__gte=dt.date(meeting.date.year, 1, 1), date__lte=meeting.date,
            meeting__kind=MeetingKind.REGULAR).exclude(status=Presence.EXEMPT)
            .order_by("date", "meeting_id").values_list("member_id", "status")):
        by_member.setdefault(member_id, []).append(status)
    return sum(1 for statuses in by_member.values() if rules.excused_streak(statuses, limit))


def facts_of(meeting: Meeting) -> rules.MeetingFacts:
    guidance = rules.guidance_on(meeting.date)
    start, end, _rule = window_of(org=meeting.org, month_first=meeting.month)
    return rules.MeetingFacts(
        date=meeting.date, present=meeting.present, excused=meeting.excused, unexcused=meeting.unexcused,
        minutes=rules.duration_minutes(meeting.starts_at, meeting.ends_at),
        combined_session=meeting.combined_session,
        prepared_by_secretary=prepared_by_secretary(meeting),
        had_preparation_meeting=had_preparation_meeting(meeting),
        has_draft_resolution=meeting.has_draft_resolution,
        documents_posted_on=meeting.documents_posted_on,
        in_window=start <= meeting.date <= end,
        has_conclusion=bool((meeting.conclusion or "").strip()),
        excused_streaks=excused_streaks(meeting, guidance.max_excused_streak),
        checks=dict(meeting.checks or {}),
    )


def quality_of(meeting: Meeting, on: dt.date) -> rules.QualityVerdict | None:
    """The G2 verdict of a regular meeting held by ``on``; None for other kinds and for meetings still ahead."""
    if meeting.kind != MeetingKind.REGULAR or meeting.date > on:
        return None
    return rules.assess_quality(facts_of(meeting))


def failures_by_group(verdict: rules.QualityVerdict) -> list[tuple[str, list[str]]]:
    """The failures of a verdict grouped by G2 group, in the groups' order (1 dự họp … 5 kết quả)."""
    groups: dict[str, list[str]] = {}
    for group, reason in verdict.failures:
        groups.setdefault(group, []).append(reason)
    return sorted(groups.items())
