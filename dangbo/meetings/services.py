"""Every write of cell meetings: schedules, scoring sheets, topic plans, meetings with their attendance, guests,
scores and minutes, the superior's assignments and checks, and the cell's work with its members. Scoped, atomic,
audited; the rules are checked before anything is written."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core import periods
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError
from dangbo.core.rules import PowerViolation, Rule, RuleViolation
from dangbo.meetings import rules, selectors
from dangbo.meetings.choices import MeetingKind, MeetingLevel, PaperKind, Presence, Scorer
from dangbo.meetings.models import (
    Attendance,
    AttendanceAssignment,
    Meeting,
    MeetingFile,
    MeetingGuest,
    MeetingScore,
    MemberTask,
    OversightCheck,
    ResidenceLiaison,
    ScheduleRule,
    ScoringSheet,
    Topic,
    TopicPlan,
    YearlyPaper,
    YearTally,
)
from dangbo.meetings.selectors.oversight import schedule_decider
from dangbo.meetings.selectors.subtree import root_path
from dangbo.meetings.selectors.year_tally import (
    live,
    orgs_on,
    tally_rows,
    to_row,
    year_closed,
)
from dangbo.members.models import Member, Registration
from dangbo.members.selectors import cell_roster_on, exempt_on
from dangbo.orgs.models import CommitteeSeat, Org
from dangbo.orgs.rules import deciding_path

FILL_IDS_AT_MOST = 20_000
SUPERIOR = Rule("G1-superior", "Hướng dẫn 12-HD/BTCTW (06/07/2018), 42-HD/BTCTW (28/10/2025): cấp ủy cấp trên "
                "lãnh đạo, kiểm tra sinh hoạt chi bộ")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _require_write(actor, org: Org) -> None:
    scope_for(actor).require_path(org.path, write=True)


def _require_superior(actor, org: Org, what: str) -> None:
    """Decisions about a cell's meetings taken by the committee above it: the acting user must act for it."""
    scope_for(actor).require_path(org.path)
    above = deciding_path(org.path, Org.steplen)
    if not scope_for(actor).may_decide_for(above):
        raise PowerViolation(SUPERIOR, f"{what} của {org.name} do cấp ủy cấp trên trực tiếp quyết định; tài khoản "
                             "của bạn không có quyền ở cấp đó.")


def _active_on(org: Org, on: dt.date) -> bool:
    return org.founded_on <= on and (org.ended_on is None or on < org.ended_on)


def _require_active(org: Org, on: dt.date, field: str = "date") -> None:
    if not _active_on(org, on):
        span = f"từ {format_date(org.founded_on)}" + (f" đến {format_date(org.ended_on)}" if org.ended_on else "")
        raise DomainError(f"{org.name} không hoạt động ngày {format_date(on)} (hoạt động {span}).", field=field)


def _require_cell(org: Org) -> None:
    if not org.type.is_cell:
        raise DomainError(f"{org.name} không phải chi bộ: chỉ chi bộ ghi kỳ sinh hoạt.", field="org")


def _require_member_of(member: Member, org: Org, on: dt.date, field: str) -> None:
    if not cell_roster_on(org=org, on=on).filter(pk=member.pk).exists():
        raise DomainError(f"{member.full_name} không sinh hoạt tại {org.name} ngày {format_date(on)}.", field=field)


# --- schedules and scoring sheets ----------------------------------------------------------------------------------


@transaction.atomic
def schedule_set(*, actor, org: Org, kind: str, start_day: int, end_day: int | None = None,
                 ends_next_month: bool = False, valid_from: dt.date, decision_ref: str = "",
                 note: str = "") -> ScheduleRule:
    """The committee of ``org`` sets the meeting schedule of the cells under it from ``valid_from``; the rule it
    replaces ends that day (G1). A rule on one cell is its superior committee's, not the cell's own."""
    if not scope_for(actor).may_decide_for(schedule_decider(org)):
        who = "cấp ủy cấp trên trực tiếp" if org.type.is_cell else f"cấp ủy {org.name}"
        raise PowerViolation(SUPERIOR, f"Lịch sinh hoạt của {org.name} do {who} quy định; tài khoản của bạn không "
                             "có quyền ở cấp đó.")
    rules.check_schedule(kind, start_day, end_day if kind != "fixed" else None, ends_next_month)
    _require_active(org, valid_from, "valid_from")
    if ScheduleRule.objects.filter(org=org, valid_from__gte=valid_from).exists():
        raise DomainError("Đã có lịch sinh hoạt áp dụng từ ngày này hoặc sau đó; ghi lịch mới từ ngày sau.",
                          field="valid_from")
    for old in ScheduleRule.objects.filter(org=org, valid_to__isnull=True):
        before = audit.snapshot(old)
        old.valid_to = valid_from
        old.save(update_fields=["valid_to"])
        audit.record(actor=actor, action="meeting_schedule_end", instance=old, before=before, org_path=org.path)
    rule = ScheduleRule.objects.create(org=org, kind=kind, start_day=start_day,
                                       end_day=end_day if kind != "fixed" else None,
                                       ends_next_month=ends_next_month and kind != "fixed", valid_from=valid_from,
                                       decision_ref=decision_ref, note=note)
    audit.record(actor=actor, action="meeting_schedule_set", instance=rule, before=None, org_path=org.path)
    return rule


@transaction.atomic
def sheet_save(*, actor, org: Org, name: str, kind: str, criteria: list, good_from: int = 90, fair_from: int = 70,
               average_from: int = 50, bottom_label: str = "Kém", valid_from: dt.date,
               decision_ref: str = "") -> ScoringSheet:
    """A province (or bloc committee) issues its scoring sheet for meeting quality (G3); the sheet it replaces for
    the same kind of meeting ends that day."""
    if org.type.is_cell:
        raise PowerViolation(rules.G3, f"{org.name} là chi bộ: phiếu chấm điểm do cấp tỉnh hoặc đảng ủy khối ban "
                             "hành.")
    if not scope_for(actor).may_decide_for(org.path):
        raise PowerViolation(rules.G3, f"Phiếu chấm điểm do {org.name} ban hành; tài khoản của bạn không có quyền "
                             "ở cấp đó.")
    rules.check_sheet(criteria, good_from, fair_from, average_from)
    for old in ScoringSheet.objects.filter(org=org, kind=kind, valid_to__isnull=True, valid_from__lt=valid_from):
        before = audit.snapshot(old)
        old.valid_to = valid_from
        old.save(update_fields=["valid_to"])
        audit.record(actor=actor, action="meeting_sheet_end", instance=old, before=before, org_path=org.path)
    sheet = ScoringSheet.objects.create(org=org, name=name, kind=kind, criteria=criteria, good_from=good_from,
                                        fair_from=fair_from, average_from=average_from, bottom_label=bottom_label,
                                        valid_from=valid_from, decision_ref=decision_ref)
    audit.record(actor=actor, action="meeting_sheet_save", instance=sheet, before=None, org_path=org.path)
    return sheet


# --- the cell's thematic plan ------------------------------------------------------------------------------------------

@transaction.atomic
def topic_plan_save(*, actor, org: Org, year: int, topics: list[tuple[int, str]]) -> TopicPlan:
    """The cell's thematic topics of the year, by quarter (the cell decides; its superior approves)."""
    _require_write(actor, org)
    _require_cell(org)
    cleaned = []
    for quarter, title in topics:
        if quarter not in (1, 2, 3, 4):
            raise DomainError(f"Quý của chuyên đề “{title}” phải từ 1 đến 4.", field="topics")
        if not (title or "").strip():
            raise DomainError(f"Chuyên đề quý {quarter} chưa có tên.", field="topics")
        cleaned.append((quarter, title.strip()))
    plan, created = TopicPlan.objects.get_or_create(org=org, year=year)
    before = None if created else audit.snapshot(plan)
    if not created and plan.approved_on:
        raise DomainError(f"Kế hoạch chuyên đề năm {year} đã được cấp trên duyệt ngày "
                          f"{format_date(plan.approved_on)}; không sửa được.", field="topics")
    kept = {(t.quarter, t.title): t for t in plan.topics.all()}
    wanted = set(cleaned)
    for key, topic in kept.items():
        if key not in wanted and not topic.meetings.exists():
            topic.delete()
    for quarter, title in cleaned:
        if (quarter, title) not in kept:
            Topic.objects.create(plan=plan, quarter=quarter, title=title)
    audit.record(actor=actor, action="topic_plan_save", instance=plan, before=before, org_path=org.path)
    return plan


@transaction.atomic
def topic_plan_approve(*, actor, plan: TopicPlan, approved_on: dt.date, approved_ref: str = "") -> TopicPlan:
    _require_superior(actor, plan.org, "Duyệt kế hoạch sinh hoạt chuyên đề")
    if not plan.topics.exists():
        raise DomainError("Kế hoạch chưa có chuyên đề nào.", field="topics")
    before = audit.snapshot(plan)
    plan.approved_on, plan.approved_ref = approved_on, approved_ref
    plan.save(update_fields=["approved_on", "approved_ref"])
    audit.record(actor=actor, action="topic_plan_approve", instance=plan, before=before, org_path=plan.org.path)
    return plan


# --- meetings -------------------------------------------------------------------------------------------------------

MEETING_FIELDS = ("kind", "month", "date", "starts_at", "ends_at", "place", "group_name", "agenda",
                  "documents_posted_on", "topic", "combined_session", "preparer", "has_draft_resolution",
                  "conclusion_kind", "conclusion")


@dataclass(frozen=True)
class SaveResult:
    meeting: Meeting
    warnings: tuple[str, ...]


def _check_meeting(org: Org, data: dict) -> list[str]:
    date, kind = data["date"], data["kind"]
    _require_cell(org)
    _require_active(org, date)
    if kind not in MeetingKind.values:
        raise DomainError("Loại sinh hoạt không hợp lệ.", field="kind")
    month = (data.get("month") or date).replace(day=1)  # any day of the month names it
    rules.check_meeting_month(month, date)
    data["month"] = month
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        raise DomainError("Giờ kết thúc phải sau giờ bắt đầu.", field="ends_at")
    posted = data.get("documents_posted_on")
    if posted and posted > date:
        raise DomainError("Ngày gửi tài liệu phải trước hoặc đúng ngày họp.", field="documents_posted_on")
    topic = data.get("topic")
    if topic is not None:
        if kind != MeetingKind.THEMATIC:
            raise DomainError("Chỉ kỳ sinh hoạt chuyên đề mới chọn chuyên đề.", field="topic")
        if topic.plan.org_id != org.pk or topic.plan.year != date.year:
            raise DomainError(f"Chuyên đề “{topic.title}” không thuộc kế hoạch chuyên đề năm {date.year} của "
                              f"{org.name}.", field="topic")
    if kind == MeetingKind.GROUP and not (data.get("group_name") or "").strip():
        raise DomainError("Sinh hoạt tổ đảng cần ghi tên tổ đảng.", field="group_name")
    if data.get("preparer") is not None:
        _require_member_of(data["preparer"], org, date, "preparer")
    if data.get("conclusion") and not data.get("conclusion_kind"):
        data["conclusion_kind"] = "conclusion"
    warnings = []
    if kind != MeetingKind.PREPARATION and date <= today() and not (data.get("conclusion") or "").strip():
        warnings.append("Kỳ sinh hoạt chưa có nghị quyết hoặc kết luận (G1: mỗi kỳ sinh hoạt phải kết thúc bằng "
                        "nghị quyết hoặc kết luận).")
    if kind == MeetingKind.THEMATIC and topic is None and not (data.get("agenda") or "").strip():
        raise DomainError("Sinh hoạt chuyên đề cần chọn chuyên đề trong kế hoạch hoặc ghi nội dung.", field="topic")
    if kind == MeetingKind.REGULAR:
        start, end, _ = selectors.window_of(org=org, month_first=month)
        if not start <= date <= end:
            warnings.append(f"Họp ngày {format_date(date)}, ngoài thời gian cấp ủy quy định cho kỳ tháng "
                            f"{month:%m/%Y} ({format_date(start)}–{format_date(end)}).")
    return warnings


@transaction.atomic
def meeting_save(*, actor, org: Org | None = None, meeting: Meeting | None = None, **data) -> SaveResult:
    """Create or edit a meeting record of a cell. A missing conclusion or a date outside the schedule is a
    warning the record shows (the compliance alerts list it), never a refusal: the minutes come after."""
    if meeting is not None:
        org = meeting.org
    _require_write(actor, org)
    merged = {f: getattr(meeting, f) for f in MEETING_FIELDS} if meeting else {}
    merged.update({k: v for k, v in data.items() if k in MEETING_FIELDS})
    unknown = set(data) - set(MEETING_FIELDS)
    if unknown:
        raise DomainError("Trường không hợp lệ: " + ", ".join(sorted(unknown)) + ".")
    if merged.get("date") is None:
        raise DomainError("Chưa nhập ngày họp.", field="date")
    warnings = _check_meeting(org, merged)
    for f in ("place", "group_name", "agenda", "conclusion", "conclusion_kind"):
        merged[f] = (merged.get(f) or "").strip()
    if meeting is None:
        meeting = Meeting(org=org, created_by=_user(actor))
        before = None
    else:
        before = audit.snapshot(meeting)
        if meeting.attendance.exists() and merged["date"] != meeting.date:
            Attendance.objects.filter(meeting=meeting).update(date=merged["date"])
    for f, v in merged.items():
        setattr(meeting, f, v)
    meeting.full_clean(exclude=["org", "created_by"])
    meeting.save()
    audit.record(actor=actor, action="meeting_save", instance=meeting, before=before, org_path=org.path)
    return SaveResult(meeting, tuple(warnings))


def roster(meeting: Meeting) -> list[tuple[Member, bool]]:
    """Who is called at a meeting: the cell's members on its date, each with whether they were exempt (M13)."""
    members = list(cell_roster_on(org=meeting.org, on=meeting.date))
    exempt = exempt_on([m.pk for m in members], meeting.date)
    return [(m, m.pk in exempt) for m in members]


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, entries: dict[int, tuple[str, str]]) -> Meeting:
    """Điểm danh: every member of the cell on the meeting's date gets a status; exempt members (M13) are
    recorded as such whatever is sent and never counted. An absence with reason needs the reason."""
    _require_write(actor, meeting.org)
    if meeting.date > today():
        raise DomainError(f"Kỳ sinh hoạt ngày {format_date(meeting.date)} chưa diễn ra: chưa điểm danh được.",
                          field="date")
    called = roster(meeting)
    ids = {m.pk for m, _ in called}
    stray = set(entries) - ids
    if stray:
        names = ", ".join(Member.objects.filter(pk__in=stray).values_list("full_name", flat=True)[:5]) or "?"
        raise DomainError(f"Không sinh hoạt tại {meeting.org.name} ngày {format_date(meeting.date)}: {names}.",
                          field="attendance")
    rows, tally = [], dict.fromkeys(Presence.values, 0)
    for member, is_exempt in called:
        status, reason = entries.get(member.pk, ("", ""))
        reason = (reason or "").strip()
        if is_exempt:
            status = Presence.EXEMPT
        elif status not in (Presence.PRESENT, Presence.EXCUSED, Presence.UNEXCUSED):
            raise DomainError(f"Chưa điểm danh {member.full_name}.", field=f"attendance-{member.pk}")
        if status == Presence.EXCUSED and not reason:
            raise DomainError(f"{member.full_name} vắng có lý do: cần ghi lý do.", field=f"attendance-{member.pk}")
        tally[status] += 1
        rows.append(Attendance(meeting=meeting, member=member, status=status,
                               reason=reason if status == Presence.EXCUSED else "", org_id=meeting.org_id,
                               date=meeting.date))
    before = audit.snapshot(meeting)
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(rows)
    meeting.present, meeting.excused = tally[Presence.PRESENT], tally[Presence.EXCUSED]
    meeting.unexcused, meeting.exempt = tally[Presence.UNEXCUSED], tally[Presence.EXEMPT]
    meeting.save(update_fields=["present", "excused", "unexcused", "exempt"])
    audit.record(actor=actor, action="meeting_attendance", instance=meeting, before=before,
                 org_path=meeting.org.path)
    return meeting


def superior_seats_on(org: Org, on: dt.date):
    """Committee seats held on ``on`` in the committees of the orgs above the cell (who may attend from above)."""
    above = selectors.ancestor_ids_on(org=org, on=on)[1:]
    return CommitteeSeat.objects.filter(
        committee__term__org_id__in=above, starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))


@transaction.atomic
def guests_set(*, actor, meeting: Meeting, member_ids: list[int]) -> Meeting:
    """The superior committee members who attended (003). Each must hold a seat above the cell that day."""
    _require_write(actor, meeting.org)
    seats = dict(superior_seats_on(meeting.org, meeting.date).filter(member_id__in=member_ids)
                 .values_list("member_id", "post"))
    missing = set(member_ids) - set(seats)
    if missing:
        names = ", ".join(Member.objects.filter(pk__in=missing).values_list("full_name", flat=True)[:5]) or "?"
        raise DomainError(f"Không phải cấp ủy viên cấp trên của {meeting.org.name} ngày "
                          f"{format_date(meeting.date)}: {names}.", field="guests")
    meeting.guests.exclude(member_id__in=member_ids).delete()
    have = set(meeting.guests.values_list("member_id", flat=True))
    MeetingGuest.objects.bulk_create([MeetingGuest(meeting=meeting, member_id=m) for m in member_ids if m not in have])
    audit.record(actor=actor, action="meeting_guests", instance=meeting, before=None, org_path=meeting.org.path)
    return meeting


@transaction.atomic
def checks_set(*, actor, meeting: Meeting, checks: dict) -> Meeting:
    """The G2 checks recorded by hand after the meeting (content, conduct, principles, results)."""
    _require_write(actor, meeting.org)
    unknown = set(checks) - set(rules.MANUAL_CHECKS)
    if unknown:
        raise DomainError("Tiêu chí không có: " + ", ".join(sorted(unknown)) + ".", field="checks")
    before = audit.snapshot(meeting)
    meeting.checks = {code: bool(checks.get(code)) for code in rules.MANUAL_CHECKS}
    meeting.save(update_fields=["checks"])
    audit.record(actor=actor, action="meeting_checks", instance=meeting, before=before, org_path=meeting.org.path)
    return meeting


@transaction.atomic
def score_record(*, actor, meeting: Meeting, scorer: str, points: dict) -> MeetingScore:
    """A filled scoring sheet (G3). The superior attendee's score, where there is one, is the meeting's level."""
    if scorer == Scorer.SUPERIOR:
        _require_superior(actor, meeting.org, "Chấm điểm của cấp ủy viên cấp trên")
    else:
        _require_write(actor, meeting.org)
    sheet = selectors.sheet_on(org=meeting.org, kind=meeting.kind, on=meeting.date)
    if sheet is None:
        raise RuleViolation(rules.G3, f"Chưa có phiếu chấm điểm {meeting.get_kind_display().lower()} áp dụng cho "
                            f"{meeting.org.name} ngày {format_date(meeting.date)}: cấp tỉnh cần ban hành phiếu.")
    total, level = rules.score(rules.Sheet(tuple(sheet.criteria), sheet.good_from, sheet.fair_from,
                                           sheet.average_from), points)
    row, created = MeetingScore.objects.update_or_create(
        meeting=meeting, scorer=scorer,
        defaults={"sheet": sheet, "points": {k: str(v) for k, v in points.items()}, "total": total, "level": level})
    before = audit.snapshot(meeting)
    decisive = meeting.scores.filter(scorer=Scorer.SUPERIOR).first() or row
    meeting.level, meeting.score = decisive.level, decisive.total
    meeting.save(update_fields=["level", "score"])
    audit.record(actor=actor, action="meeting_score", instance=meeting, before=before, org_path=meeting.org.path)
    return row


@transaction.atomic
def level_record(*, actor, meeting: Meeting, level: str) -> Meeting:
    """The level written in the minutes when no sheet was filled in the system (past meetings, paper sheets)."""
    _require_write(actor, meeting.org)
    if level not in MeetingLevel.values:
        raise DomainError("Mức xếp loại không hợp lệ.", field="level")
    before = audit.snapshot(meeting)
    meeting.level = level
    meeting.save(update_fields=["level"])
    audit.record(actor=actor, action="meeting_score", instance=meeting, before=before, org_path=meeting.org.path)
    return meeting


@transaction.atomic
def file_attach(*, actor, meeting: Meeting, upload) -> MeetingFile:
    _require_write(actor, meeting.org)
    head = upload.read(8)
    upload.seek(0)
    rules.check_file(upload.name, upload.size, head)
    row = MeetingFile(meeting=meeting, name=upload.name[:200], size=upload.size,
                      content_type=getattr(upload, "content_type", "") or "", uploaded_by=_user(actor))
    row.file.save(upload.name, upload, save=False)
    row.save()
    audit.record(actor=actor, action="meeting_file_add", instance=row, before=None, org_path=meeting.org.path)
    return row


@transaction.atomic
def file_remove(*, actor, file: MeetingFile) -> None:
    _require_write(actor, file.meeting.org)
    audit.record_deletion(actor=actor, action="meeting_file_remove", instance=file, org_path=file.meeting.org.path)
    stored = file.file
    file.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """A meeting entered by mistake (no attendance yet). One with attendance is corrected, not deleted."""
    _require_write(actor, meeting.org)
    if meeting.attendance.exists():
        raise DomainError("Kỳ sinh hoạt đã điểm danh: sửa lại, không xóa.", field="meeting")
    audit.record_deletion(actor=actor, action="meeting_delete", instance=meeting, org_path=meeting.org.path)
    for f in meeting.files.all():
        f.file.delete(save=False)
    meeting.delete()


# --- superior oversight (003) ---------------------------------------------------------------------------------------

@transaction.atomic
def assignment_set(*, actor, cell: Org, member: Member, valid_from: dt.date) -> AttendanceAssignment:
    """The superior committee assigns one of its members to attend the cell's meetings."""
    _require_superior(actor, cell, "Phân công cấp ủy viên dự sinh hoạt")
    _require_active(cell, valid_from, "valid_from")
    seat = superior_seats_on(cell, valid_from).filter(member=member).select_related("committee__term__org").first()
    if seat is None:
        raise DomainError(f"{member.full_name} không phải cấp ủy viên cấp trên của {cell.name} ngày "
                          f"{format_date(valid_from)}.", field="member")
    if AttendanceAssignment.objects.filter(cell=cell, member=member, valid_to__isnull=True).exists():
        raise DomainError(f"{member.full_name} đang được phân công dự sinh hoạt {cell.name}.", field="member")
    row = AttendanceAssignment.objects.create(org=seat.committee.term.org, cell=cell, member=member,
                                              valid_from=valid_from)
    audit.record(actor=actor, action="meeting_assignment_set", instance=row, before=None, org_path=cell.path)
    return row


@transaction.atomic
def assignment_end(*, actor, assignment: AttendanceAssignment, valid_to: dt.date) -> AttendanceAssignment:
    _require_superior(actor, assignment.cell, "Thôi phân công cấp ủy viên dự sinh hoạt")
    if valid_to <= assignment.valid_from:
        raise DomainError("Ngày thôi phân công phải sau ngày phân công.", field="valid_to")
    before = audit.snapshot(assignment)
    assignment.valid_to = valid_to
    assignment.save(update_fields=["valid_to"])
    audit.record(actor=actor, action="meeting_assignment_end", instance=assignment, before=before,
                 org_path=assignment.cell.path)
    return assignment


@transaction.atomic
def oversight_check_record(*, actor, cell: Org, year: int, half: int, checked_on: dt.date,
                           findings: str) -> OversightCheck:
    """The superior's six-monthly check of a cell's meetings, with its findings (003)."""
    _require_superior(actor, cell, "Kiểm tra sinh hoạt chi bộ")
    _require_cell(cell)
    if half not in (1, 2):
        raise DomainError("Chọn 6 tháng đầu hoặc cuối năm.", field="half")
    if not (findings or "").strip():
        raise DomainError("Cần ghi kết quả, nhận xét của đợt kiểm tra.", field="findings")
    period_start = dt.date(year, 1 if half == 1 else 7, 1)
    if checked_on < period_start:
        raise DomainError(f"Ngày kiểm tra phải từ {format_date(period_start)}.", field="checked_on")
    above = selectors.ancestor_ids_on(org=cell, on=checked_on)
    parent = Org.objects.get(pk=above[1]) if len(above) > 1 else cell
    row, created = OversightCheck.objects.get_or_create(
        cell=cell, year=year, half=half, defaults={"org": parent, "checked_on": checked_on, "findings": findings})
    before = None
    if not created:
        before = audit.snapshot(row)
        row.checked_on, row.findings = checked_on, findings.strip()
        row.save(update_fields=["checked_on", "findings"])
    audit.record(actor=actor, action="meeting_oversight_check", instance=row, before=before, org_path=cell.path)
    return row


# --- the cell's work with its members (38-HD/BTCTW) ---------------------------------------------------------------

def _member_cell(member: Member, on: dt.date, field: str = "date") -> Org:
    """The cell the member was registered in on ``on`` (the cell that assigns and keeps the paper)."""
    reg = (Registration.objects.filter(member=member, kind="official", valid_from__lte=on)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).select_related("org").first())
    if reg is None:
        raise DomainError(f"{member.full_name} không sinh hoạt ở chi bộ nào ngày {format_date(on)}.", field=field)
    return reg.org


@transaction.atomic
def task_assign(*, actor, member: Member, title: str, assigned_on: dt.date, due_on: dt.date | None = None) -> MemberTask:
    org = _member_cell(member, assigned_on, "assigned_on")
    _require_write(actor, org)
    if not (title or "").strip():
        raise DomainError("Chưa ghi nhiệm vụ được phân công.", field="title")
    if due_on and due_on < assigned_on:
        raise DomainError("Thời hạn phải sau ngày phân công.", field="due_on")
    task = MemberTask.objects.create(member=member, org=org, title=title.strip(), assigned_on=assigned_on,
                                     due_on=due_on)
    audit.record(actor=actor, action="member_task_assign", instance=task, before=None, org_path=org.path)
    return task


@transaction.atomic
def task_result(*, actor, task: MemberTask, result: str, done_on: dt.date | None) -> MemberTask:
    _require_write(actor, task.org)
    if done_on and done_on < task.assigned_on:
        raise DomainError("Ngày hoàn thành phải sau ngày phân công.", field="done_on")
    before = audit.snapshot(task)
    task.result, task.done_on = (result or "").strip(), done_on
    task.save(update_fields=["result", "done_on"])
    audit.record(actor=actor, action="member_task_result", instance=task, before=before, org_path=task.org.path)
    return task


@transaction.atomic
def paper_record(*, actor, member: Member, year: int, kind: str, signed_on: dt.date, content: str = "") -> YearlyPaper:
    if kind not in PaperKind.values:
        raise DomainError("Loại văn bản không hợp lệ.", field="kind")
    if signed_on.year not in (year - 1, year):
        raise DomainError(f"Bản cam kết, kế hoạch năm {year} ký trong năm {year} (hoặc cuối năm {year - 1}).",
                          field="signed_on")
    org = _member_cell(member, signed_on, "signed_on")
    _require_write(actor, org)
    row, created = YearlyPaper.objects.get_or_create(member=member, year=year, kind=kind,
                                                     defaults={"org": org, "signed_on": signed_on, "content": content})
    before = None
    if not created:
        before = audit.snapshot(row)
        row.signed_on, row.content, row.org = signed_on, content, org
        row.save(update_fields=["signed_on", "content", "org"])
    audit.record(actor=actor, action="member_paper_record", instance=row, before=before, org_path=org.path)
    return row


@transaction.atomic
def liaison_record(*, actor, member: Member, year: int, residence_cell: Org | None = None,
                   residence_cell_name: str = "", introduced_on: dt.date | None = None,
                   confirmed_on: dt.date | None = None, comment: str = "") -> ResidenceLiaison:
    """The working member's contact with the cell where they live: the introduction and its yearly comment."""
    on = introduced_on or confirmed_on or dt.date(year, 12, 31)
    org = _member_cell(member, min(on, today()), "introduced_on")
    _require_write(actor, org)
    if residence_cell is None and not residence_cell_name.strip():
        raise DomainError("Chưa chọn hoặc ghi chi bộ nơi cư trú.", field="residence_cell")
    if residence_cell is not None and not residence_cell.type.is_cell:
        raise DomainError(f"{residence_cell.name} không phải chi bộ.", field="residence_cell")
    if confirmed_on and introduced_on and confirmed_on < introduced_on:
        raise DomainError("Ngày nhận xét phải sau ngày giới thiệu.", field="confirmed_on")
    if confirmed_on and not comment.strip():
        raise DomainError("Cần ghi nhận xét của chi ủy nơi cư trú.", field="comment")
    fields = {"org": org, "residence_cell": residence_cell, "residence_cell_name": residence_cell_name.strip(),
              "introduced_on": introduced_on, "confirmed_on": confirmed_on, "comment": comment.strip()}
    row, created = ResidenceLiaison.objects.get_or_create(member=member, year=year, defaults=fields)
    before = None
    if not created:
        before = audit.snapshot(row)
        for k, v in fields.items():
            setattr(row, k, v)
        row.save()
    audit.record(actor=actor, action="member_liaison_record", instance=row, before=before, org_path=org.path)
    return row


def year_tally_fill(*, actor, org: Org, year: int) -> int:
    """Write the missing ``YearTally`` rows of a closed year for ``org``'s subtree (tree of 31/12): the figures
    the indicators would count live, so reading them back changes nothing but the time. Returns the rows written.
    Run by ``manage.py meeting_year_tally`` (e.g. nightly): rows voided by the triggers come back."""
    now = today()
    if not year_closed(year, now):
        raise DomainError(f"Chưa chốt được số liệu năm {year}: kỳ sinh hoạt tháng 12 còn hạn đến hết ngày "
                          f"31/01/{year + 1}.", field="year")
    period = periods.year(year)
    with transaction.atomic():
        path = root_path(org, period.end)
        if path is None:
            return 0
        orgs = orgs_on(path, period.end)
        missing = orgs.keys() - set(tally_rows(year, path, period.end).values_list("org_id", flat=True))
        if not missing:
            return 0
        # the orgs as a list of ids (a province's ≈ 5.000 stay under SQLite's 32.766 parameters): PostgreSQL plans
        # the grouped count over ``org_id IN (subquery)`` badly without statistics (minutes for a district)
        counted = live(org, period, now, only=missing if len(missing) <= FILL_IDS_AT_MOST else None)
        YearTally.objects.bulk_create(
            [YearTally(year=year, org_id=pk, is_cell=orgs[pk], **to_row(counted.cells.get(pk), counted.members.get(pk)))
             for pk in sorted(missing)], batch_size=2000)
        audit.record(actor=actor, action="meeting_year_tally_fill", instance=org, before=None, org_path=path)
    return len(missing)
