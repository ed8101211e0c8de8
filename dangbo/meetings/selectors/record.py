"""Reads of one meeting's parts for its pages: the attendance list, guests, scores, files, the topic plans its
form offers. Unscoped: the caller has fetched the meeting (or the cell) through a scoped selector."""

from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.meetings.models import (
    Attendance,
    Meeting,
    MeetingFile,
    MeetingGuest,
    MeetingScore,
    Topic,
    TopicPlan,
)
from dangbo.orgs.models import Org


def attendance_list(meeting: Meeting):
    """Who was called and how they answered, in the Vietnamese order of names."""
    return (Attendance.objects.filter(meeting=meeting).select_related("member")
            .order_by("member__sort_key", "member_id"))


def attendance_map(meeting: Meeting | None) -> dict[int, tuple[str, str]]:
    """member id → (status, reason) of the rows already recorded (empty for a meeting not yet saved)."""
    if meeting is None or meeting.pk is None:
        return {}
    return {m: (s, r) for m, s, r in Attendance.objects.filter(meeting=meeting)
            .values_list("member_id", "status", "reason")}


def guests_list(meeting: Meeting):
    return MeetingGuest.objects.filter(meeting=meeting).select_related("member")


def scores_list(meeting: Meeting):
    return MeetingScore.objects.filter(meeting=meeting).select_related("sheet")


def files_list(meeting: Meeting):
    return MeetingFile.objects.filter(meeting=meeting).select_related("uploaded_by")


def file_get(*, meeting: Meeting, pk) -> MeetingFile:
    return get_or_out_of_scope(MeetingFile.objects.select_related("meeting__org"), meeting=meeting, pk=pk)


def topic_plans(*, org: Org, years) -> list[TopicPlan]:
    """The cell's topic plans of those years, with their topics, newest year first."""
    return list(TopicPlan.objects.filter(org=org, year__in=list(years)).prefetch_related("topics").order_by("-year"))


def topics_of(plans: list[TopicPlan]):
    return Topic.objects.filter(plan__in=plans).select_related("plan").order_by("-plan__year", "quarter", "id")
