"""The demo district's meetings (issue 8, point 9): a year and a half up to the demo's day, consistent with the
rules the services enforce, and holding at least one case of every compliance alert."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q

from dangbo.accounts.models import AuditEntry
from dangbo.core.testing import admin_user
from dangbo.demo import meetings as demo_meetings
from dangbo.meetings import rules
from dangbo.meetings.choices import MeetingKind
from dangbo.meetings.models import (
    Attendance,
    AttendanceAssignment,
    Meeting,
    MeetingGuest,
    MeetingScore,
    MemberTask,
    OversightCheck,
    ResidenceLiaison,
    ScheduleRule,
    TopicPlan,
    YearlyPaper,
)
from dangbo.members.selectors import cell_roster_on
from dangbo.orgs.models import CommitteeSeat, Org

from .conftest import AS_OF

pytestmark = pytest.mark.django_db
START = dt.date(2025, 7, 1)  # the quarter holding 16 months before 23/11/2026


@pytest.fixture(scope="module")
def written(district, django_db_blocker):
    with django_db_blocker.unblock():  # inside the module's build (conftest), rolled back with it
        admin = admin_user("demo-admin")
        district_org = Org.objects.get(type__code="dang_bo_huyen")
        audited = AuditEntry.objects.count()
        counts = demo_meetings.create(actor=admin, district=district_org)
        again = demo_meetings.create(actor=admin, district=district_org)
        yield {"counts": counts, "again": again, "district": district_org,
               "audit": AuditEntry.objects.count() - audited}


def regulars():
    return Meeting.objects.filter(kind=MeetingKind.REGULAR)


def test_a_year_and_a_half_up_to_the_demos_day(written):
    assert demo_meetings.period_of(AS_OF) == (START, AS_OF)
    dates = Meeting.objects.values_list("date", flat=True)
    assert min(dates) >= START and max(dates) <= AS_OF
    assert {m.strftime("%Y-%m") for m in regulars().values_list("month", flat=True)} >= {
        f"{(START + relativedelta(months=i)):%Y-%m}" for i in range(16)}
    counts = written["counts"]
    assert counts["meeting"] > 5000 and counts["attendance"] > 50_000
    assert written["again"] == {}  # a second run leaves the district alone
    # the configuration was entered through the services (audited), the history was not
    assert written["audit"] == ScheduleRule.objects.count() + 1 and ScheduleRule.objects.count() == 3


def test_every_meeting_keeps_the_services_rules(written):
    for month, date in Meeting.objects.values_list("month", "date"):
        assert month.day == 1
        rules.check_meeting_month(month, date)
    assert not Meeting.objects.filter(ends_at__lte=F("starts_at")).exists()
    assert not Meeting.objects.filter(documents_posted_on__gt=F("date")).exists()
    tallies = (Attendance.objects.values("meeting_id")
               .annotate(p=Count("id", filter=Q(status="P")), e=Count("id", filter=Q(status="E")),
                         u=Count("id", filter=Q(status="U")), x=Count("id", filter=Q(status="X"))))
    stored = {m: (p, e, u, x) for m, p, e, u, x in Meeting.objects.values_list(
        "pk", "present", "excused", "unexcused", "exempt")}
    for row in tallies:
        assert stored[row["meeting_id"]] == (row["p"], row["e"], row["u"], row["x"])
    assert not Attendance.objects.exclude(org_id=F("meeting__org_id")).exists()
    assert not Attendance.objects.exclude(date=F("meeting__date")).exists()
    assert not Attendance.objects.filter(status="E", reason="").exists()
    # attendance is the cell's roster of the day (sampled)
    for meeting in regulars().order_by("pk")[::97]:
        roster = set(cell_roster_on(org=meeting.org, on=meeting.date).values_list("pk", flat=True))
        assert set(meeting.attendance.values_list("member_id", flat=True)) == roster
    # a guest held a seat above the cell that day; a thematic meeting's topic is from its cell's plan of the year
    for guest in MeetingGuest.objects.select_related("meeting__org")[:200]:
        day = guest.meeting.date
        assert CommitteeSeat.objects.filter(member_id=guest.member_id, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=day)).exclude(committee__term__org=guest.meeting.org).exists()
    thematic = Meeting.objects.filter(kind=MeetingKind.THEMATIC, topic__isnull=False)
    assert thematic.exists()
    assert not thematic.exclude(topic__plan__org=F("org")).exists()


def test_scores_and_levels_follow_the_sheet(written):
    levels = Counter(regulars().exclude(level="").values_list("level", flat=True))
    total = sum(levels.values())
    assert total == regulars().count()
    assert levels["good"] / total > 0.5 and levels["fair"] and levels["average"] + levels["poor"] > 0
    superior = MeetingScore.objects.filter(scorer="superior").select_related("meeting")
    assert superior.exists()
    for score in superior[:100]:
        assert (score.meeting.level, score.meeting.score) == (score.level, score.total)


def test_the_district_shows_every_compliance_gap(written):
    today = AS_OF
    # no regular meeting in a month (months whose window has closed)
    held = set(regulars().values_list("org_id", "month"))
    cells = {c.pk: c for c in Org.objects.filter(pk__in=Meeting.objects.values("org_id"))}
    months = [START + relativedelta(months=i) for i in range(15)]
    assert any((pk, m) not in held for pk in cells for m in months)
    # outside the schedule window
    windows = {}
    commune_fixed = set(ScheduleRule.objects.filter(kind="fixed").values_list("org__path", flat=True))
    late = 0
    for org_id, month, date in regulars().values_list("org_id", "month", "date"):
        path = cells[org_id].path
        kind = "fixed" if any(path.startswith(p) for p in commune_fixed) else "window"
        windows[org_id] = kind
        start, end = rules.month_window(kind, 3 if kind == "fixed" else -7, 10, kind == "window", month)
        late += not start <= date <= end
    assert 0.02 * regulars().count() < late < 0.1 * regulars().count()
    assert "fixed" in windows.values() and "window" in windows.values()
    # no resolution or conclusion
    assert regulars().filter(conclusion="").exists()
    # a quarter without a thematic meeting
    thematic = set(Meeting.objects.filter(kind=MeetingKind.THEMATIC).values_list("org_id", "month"))
    quarters = defaultdict(set)
    for org_id, month in thematic:
        quarters[org_id].add((month.year, (month.month - 1) // 3))
    done = [(2025, 2), (2026, 0), (2026, 1), (2026, 2)]
    assert any(len(set(done) - quarters[pk]) >= 1 for pk in cells)
    assert sum(1 for pk in cells if not set(done) - quarters[pk]) > 0.8 * len(cells)
    # a regular meeting of a cell with a chi ủy and no preparation meeting that month
    prepared = set(Meeting.objects.filter(kind=MeetingKind.PREPARATION).values_list("org_id", "month"))
    with_committee = set(CommitteeSeat.objects.filter(committee__term__org_id__in=cells, ends_on__isnull=True)
                         .values_list("committee__term__org_id", flat=True))
    unprepared = [(o, m) for o, m in held if o in with_committee and (o, m) not in prepared]
    assert 0 < len(unprepared) < 0.2 * len(held)
    # members absent without reason 3 times or more in the 12 months (M11)
    since, _ = rules.absence_window(today)
    absent = (Attendance.objects.filter(status="U", date__gte=since).values("member_id").annotate(n=Count("id"))
              .filter(n__gte=rules.STRIKE_OFF_ABSENCES))
    assert 3 <= absent.count() <= 60
    # an assigned superior attendee who never came
    came = set(MeetingGuest.objects.values_list("meeting__org_id", "member_id"))
    never = [a for a in AttendanceAssignment.objects.values_list("cell_id", "member_id") if a not in came]
    assert 0 < len(never) < 0.3 * AttendanceAssignment.objects.count()
    # six-monthly checks, most cells but not all
    checked = set(OversightCheck.objects.filter(year=2026, half=1).values_list("cell_id", flat=True))
    assert 0.7 * len(cells) < len(checked) < len(cells)
    # topic plans, most approved
    plans = TopicPlan.objects.filter(year=2026)
    assert plans.filter(approved_on__isnull=True).exists() and plans.filter(approved_on__isnull=False).count() > (
        0.85 * plans.count())


def test_the_cells_work_with_its_members_has_gaps(written):
    commitments = set(YearlyPaper.objects.filter(year=2026, kind="commitment").values_list("member_id", flat=True))
    plans = set(YearlyPaper.objects.filter(year=2026, kind="plan").values_list("member_id", flat=True))
    tasked = set(MemberTask.objects.filter(assigned_on__year=2026).values_list("member_id", flat=True))
    called = set(Attendance.objects.filter(date__year=2026).exclude(status="X").values_list("member_id", flat=True))
    for done in (commitments, plans, tasked):
        assert 0.8 * len(called) < len(done & called) < len(called)
    assert MemberTask.objects.exclude(done_on=None).filter(done_on__lt=F("assigned_on")).count() == 0
    liaisons = ResidenceLiaison.objects.filter(year=2025)
    assert liaisons.filter(confirmed_on__isnull=False).exists() and liaisons.filter(confirmed_on__isnull=True).exists()
    assert not liaisons.filter(org__kind__is_residential=True).exists()
    assert not liaisons.exclude(residence_cell__kind__is_residential=True).exists()
