"""Compliance alerts of cell meetings (issue 8 point 5; RULES.md G1, M11) for any org's subtree and a period,
each naming the record to fix. Set-based: a fixed number of grouped queries whatever the number of cells (the
cells, the rules and windows of ``subtree``; one query per kind of alert); the months and quarters owed follow
``subtree``'s conventions."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from dangbo.accounts.scope import scope_for
from dangbo.core.dates import format_date
from dangbo.core.periods import Period
from dangbo.meetings import rules
from dangbo.meetings.choices import CELL_SESSIONS, MeetingKind
from dangbo.meetings.models import Attendance, AttendanceAssignment, Meeting, MeetingGuest
from dangbo.meetings.selectors import subtree as st
from dangbo.members.models import Member
from dangbo.orgs.models import Org

NO_REGULAR = "no_regular"
NO_THEMATIC = "no_thematic"
NO_PREPARATION = "no_preparation"
OUTSIDE_WINDOW = "outside_window"
NO_CONCLUSION = "no_conclusion"
REPEAT_ABSENTEE = "repeat_absentee"
ABSENT_ATTENDEE = "absent_attendee"

# kind -> heading, in the order the page shows them
KINDS = {
    NO_REGULAR: "Không sinh hoạt định kỳ trong tháng",
    NO_THEMATIC: "Không sinh hoạt chuyên đề trong quý",
    NO_PREPARATION: "Chi ủy không họp chuẩn bị trước kỳ sinh hoạt",
    OUTSIDE_WINDOW: "Sinh hoạt định kỳ ngoài thời gian cấp ủy quy định",
    NO_CONCLUSION: "Kỳ sinh hoạt chưa có nghị quyết hoặc kết luận",
    REPEAT_ABSENTEE: f"Đảng viên vắng sinh hoạt không lý do từ {rules.STRIKE_OFF_ABSENCES} lần trong 12 tháng",
    ABSENT_ATTENDEE: "Cấp ủy viên cấp trên được phân công nhưng chưa dự sinh hoạt",
}
# what each kind's record is: the page links a meeting, a cell, a member or the cell of an assignment
RECORD = {NO_REGULAR: "cell", NO_THEMATIC: "cell", NO_PREPARATION: "meeting", OUTSIDE_WINDOW: "meeting",
          NO_CONCLUSION: "meeting", REPEAT_ABSENTEE: "member", ABSENT_ATTENDEE: "assignment"}


def _month(m: dt.date) -> str:
    return f"tháng {m.month:02d}/{m.year}"


def _span(start: dt.date, end: dt.date) -> str:
    return format_date(start) if start == end else f"{format_date(start)}–{format_date(end)}"


# kind -> its sentence from the cell's name and the alert's ``args``: written when read (a province's year is
# ≈ 11.000 alerts, and a page shows 50 of them)
SENTENCES = {
    NO_REGULAR: lambda cell, month, end: (
        f"{cell} chưa sinh hoạt định kỳ {_month(month)} (hạn chót {format_date(end)})."),
    NO_THEMATIC: lambda cell, label: f"{cell} chưa sinh hoạt chuyên đề {label}.",
    NO_PREPARATION: lambda cell, month, date: (
        f"Kỳ sinh hoạt định kỳ {_month(month)} (ngày {format_date(date)}) của {cell}: chi ủy chưa họp chuẩn bị."),
    OUTSIDE_WINDOW: lambda cell, month, date, start, end: (
        f"{cell} sinh hoạt định kỳ {_month(month)} ngày {format_date(date)}, ngoài thời gian cấp ủy quy định "
        f"({_span(start, end)})."),
    NO_CONCLUSION: lambda cell, label, date: (
        f"{label} ngày {format_date(date)} của {cell} chưa có nghị quyết hoặc kết luận."),
    REPEAT_ABSENTEE: lambda cell, name, n, as_of, last: (
        f"Đồng chí {name} vắng sinh hoạt không lý do {n} lần trong 12 tháng đến {format_date(as_of)} (lần gần nhất "
        f"{format_date(last)}): chi bộ xem xét theo quy định xóa tên (M11)."),
    ABSENT_ATTENDEE: lambda cell, name, since, start, end: (
        f"Đồng chí {name}, cấp ủy viên cấp trên được phân công dự sinh hoạt {cell}"
        f"{f' (phân công từ {format_date(since)})' if since else ''}, chưa dự kỳ sinh hoạt nào từ "
        f"{format_date(start)} đến {format_date(end)}."),
}


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str
    cell_id: int
    cell_name: str
    args: tuple  # what its sentence names (``SENTENCES``)
    month: dt.date | None = None  # the month (first day) it concerns; a quarter's first month for NO_THEMATIC
    quarter: str = ""  # "quý I/2024"
    meeting_id: int | None = None
    member_id: int | None = None
    assignment_id: int | None = None
    sort: tuple = ()

    @property
    def text(self) -> str:
        """One Vietnamese sentence."""
        return SENTENCES[self.kind](self.cell_name, *self.args)

    @property
    def heading(self) -> str:
        return KINDS[self.kind]

    @property
    def record(self) -> str:
        return RECORD[self.kind]

    @property
    def record_id(self) -> int:
        return {"cell": self.cell_id, "meeting": self.meeting_id, "member": self.member_id,
                "assignment": self.assignment_id}[self.record]


def compliance_alerts(*, user, org: Org, period: Period, as_of: dt.date) -> list[Alert]:
    """The alerts of ``org``'s subtree (scoped: raises OutOfScope when the user cannot read ``org``)."""
    scope_for(user).require_path(org.path)
    return alerts(org=org, period=period, as_of=as_of)


def alerts(*, org: Org, period: Period, as_of: dt.date) -> list[Alert]:
    """Unscoped: every alert of the cells of ``org``'s subtree for ``period`` as known on ``as_of``, sorted by
    kind, then by the cell's place in the tree, then by month. Nine queries: ``subtree.scan`` (six), the
    unexcused absences and the members over the bar, the assignments."""
    found = st.scan(org, period, as_of, details=True)
    if found is None:
        return []
    cells = found.cells
    ids = st.cell_ids_on(found.path, found.on)
    out: list[Alert] = []
    order = {kind: i for i, kind in enumerate(KINDS)}

    def add(kind, cell_id, args, month=None, ident=0, **extra):
        cell = cells[cell_id]
        out.append(Alert(kind, cell_id, cell.name, args, month=month, **extra,
                         sort=(order[kind], cell.path, month or dt.date.min, ident)))

    for cell_id, month, end in found.missing:
        add(NO_REGULAR, cell_id, (month, end), month)
    for cell_id, q in found.no_thematic:
        label = st.quarter_label(q)
        add(NO_THEMATIC, cell_id, (label,), q, quarter=label)
    for pk, cell_id, month, date in found.unprepared:
        add(NO_PREPARATION, cell_id, (month, date), month, pk, meeting_id=pk)
    for pk, cell_id, month, date, start, end in found.outside:
        add(OUTSIDE_WINDOW, cell_id, (month, date, start, end), month, pk, meeting_id=pk)
    labels = dict(MeetingKind.choices)
    for pk, cell_id, kind, month, date in found.bare:
        add(NO_CONCLUSION, cell_id, (labels[kind], date), month, pk, meeting_id=pk)

    # members absent without reason 3 times or more in the 12 months ending on the as-of day (M11)
    first, last = rules.absence_window(as_of)
    # counted from the partial index first; only the few members over the bar are read (names, who has left)
    absent = {row["member_id"]: row for row in (
        Attendance.objects.filter(status="U", org_id__in=ids, date__gte=first, date__lte=last)
        .values("member_id").annotate(n=Count("id"), last=Max("date"), cell=Max("org_id"))
        .filter(n__gte=rules.STRIKE_OFF_ABSENCES).order_by())}
    staying = Member.objects.filter(pk__in=list(absent)).filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of))
    for member_id, name in staying.values_list("id", "full_name"):
        row = absent[member_id]
        if row["cell"] in cells:
            add(REPEAT_ABSENTEE, row["cell"], (name, row["n"], as_of, row["last"]), None, member_id,
                member_id=member_id)

    # superior committee members assigned to the cell who attended none of its meetings while assigned
    start, end = period.start, min(period.end, as_of)
    assigned = AttendanceAssignment.objects.filter(cell_id__in=ids, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start))

    until = Coalesce(OuterRef("valid_to"), Value(end + dt.timedelta(days=1)))
    sessions = Meeting.objects.filter(kind__in=CELL_SESSIONS, org_id=OuterRef("cell_id"), date__gte=start,
                                      date__lte=end).filter(date__gte=OuterRef("valid_from"), date__lt=until)
    came = MeetingGuest.objects.filter(member_id=OuterRef("member_id"), meeting__org_id=OuterRef("cell_id"),
                                       meeting__kind__in=CELL_SESSIONS, meeting__date__gte=start,
                                       meeting__date__lte=end).filter(
        meeting__date__gte=OuterRef("valid_from"), meeting__date__lt=until)
    never = (assigned.filter(Exists(sessions)).exclude(Exists(came))
             .values_list("id", "cell_id", "member__full_name", "valid_from"))
    for pk, cell_id, name, valid_from in never:
        if cell_id in cells:
            since = valid_from if valid_from > start else None
            add(ABSENT_ATTENDEE, cell_id, (name, since, start, end), None, pk, assignment_id=pk)
    return sorted(out, key=lambda a: a.sort)
