"""Meeting records over JSON: a cell's meetings by month and kind, one meeting with its attendance, guests,
papers, scores and G2 verdict; create and edit (the warnings the record shows come back with it), attendance,
guests, the G2 checks, scores, the level, and the minutes as files. Every change through ``meetings.services``."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, Page
from dangbo.core.dates import format_date, today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.meetings import rules, selectors, services
from dangbo.meetings.api.common import cell_of, meeting_of, org_of
from dangbo.meetings.choices import ConclusionKind, MeetingKind, MeetingLevel, Presence, Scorer
from dangbo.meetings.models import Meeting, MeetingFile, Topic
from dangbo.meetings.selectors import api as selectors_api
from dangbo.meetings.selectors.quality import quality_of
from dangbo.members.selectors import cell_roster_on

router = Router(tags=["Sinh hoạt chi bộ"])


# --- output --------------------------------------------------------------------------------------------------------

class MeetingOut(Schema):
    id: int
    org_id: int
    org_name: str
    kind: MeetingKind
    kind_name: str
    month: dt.date = Field(description="kỳ sinh hoạt tháng (ngày đầu tháng mà kỳ họp này tính cho)")
    date: dt.date
    starts_at: dt.time | None
    ends_at: dt.time | None
    place: str
    group_name: str = Field(description="tổ đảng (sinh hoạt tổ đảng)")
    topic_id: int | None
    topic_title: str | None
    conclusion_kind: ConclusionKind | None
    has_conclusion: bool = Field(description="đã ghi nghị quyết hoặc kết luận")
    level: MeetingLevel | None = Field(description="xếp loại (G3)")
    score: Decimal | None
    present: int
    excused: int = Field(description="vắng có lý do")
    unexcused: int = Field(description="vắng không lý do")
    exempt: int = Field(description="miễn sinh hoạt (không tính, M13)")

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_topic_title(obj):
        return obj.topic.title if obj.topic_id else None

    @staticmethod
    def resolve_conclusion_kind(obj):
        return obj.conclusion_kind or None

    @staticmethod
    def resolve_has_conclusion(obj):
        return bool(obj.conclusion.strip())

    @staticmethod
    def resolve_level(obj):
        return obj.level or None


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    status: Presence
    reason: str

    @staticmethod
    def resolve_full_name(obj):
        return obj.member.full_name


class GuestOut(Schema):
    member_id: int
    full_name: str
    role: str

    @staticmethod
    def resolve_full_name(obj):
        return obj.member.full_name


class FileOut(Schema):
    id: int
    name: str
    size: int = Field(description="byte")
    content_type: str
    uploaded_at: dt.datetime


class ScoreOut(Schema):
    scorer: Scorer
    sheet_id: int
    points: dict[str, str]
    total: Decimal
    level: MeetingLevel


class FailureOut(Schema):
    group: str = Field(description="nhóm tiêu chí khung (G2): 1 dự họp … 5 kết quả")
    reason: str


class QualityOut(Schema):
    passed: bool = Field(description="đạt chất lượng theo tiêu chí khung")
    guidance: str = Field(description="hướng dẫn áp dụng theo ngày họp")
    citation: str
    text: str
    failures: list[FailureOut]

    @staticmethod
    def resolve_guidance(obj):
        return obj.guidance.code

    @staticmethod
    def resolve_citation(obj):
        return obj.guidance.citation

    @staticmethod
    def resolve_failures(obj):
        return [{"group": group, "reason": reason} for group, reason in obj.failures]


class MeetingDetailOut(MeetingOut):
    agenda: str
    documents_posted_on: dt.date | None
    combined_session: bool
    preparer_id: int | None
    preparer_name: str | None
    has_draft_resolution: bool
    conclusion: str
    checks: dict[str, bool] = Field(description="các tiêu chí G2 ghi tay sau kỳ họp (mã → đạt)")
    duration_minutes: int | None
    topic_plan_approved_on: dt.date | None = Field(description="ngày cấp trên duyệt kế hoạch chuyên đề")
    window_start: dt.date = Field(description="thời gian cấp ủy quy định cho kỳ tháng này: từ ngày")
    window_end: dt.date
    schedule: str = Field(description="lịch sinh hoạt đang áp dụng")
    in_window: bool
    attendance: list[AttendanceOut] = Field(description="điểm danh (đảng viên xem kỳ họp của chi bộ mình: chỉ "
                                                        "dòng của mình)")
    guests: list[GuestOut] = Field(description="cấp ủy viên cấp trên dự")
    files: list[FileOut]
    scores: list[ScoreOut]
    quality: QualityOut | None = Field(description="kỳ sinh hoạt định kỳ đã họp: đạt chất lượng hay chưa (G2)")

    @staticmethod
    def resolve_preparer_name(obj):
        return obj.preparer.full_name if obj.preparer_id else None

    @staticmethod
    def resolve_duration_minutes(obj):
        return rules.duration_minutes(obj.starts_at, obj.ends_at)

    @staticmethod
    def resolve_topic_plan_approved_on(obj):
        return obj.topic.plan.approved_on if obj.topic_id else None

    @staticmethod
    def resolve_attendance(obj):
        return list(obj.attendance.all())

    @staticmethod
    def resolve_guests(obj):
        return list(obj.guests.all())

    @staticmethod
    def resolve_files(obj):
        return list(obj.files.all())

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())


class MeetingSavedOut(MeetingDetailOut):
    warnings: list[str] = Field(description="điều cần bổ sung (chưa có kết luận, ngoài thời gian quy định): bản "
                                            "ghi vẫn được lưu")


class RosterOut(Schema):
    member_id: int
    full_name: str
    is_exempt: bool = Field(description="miễn sinh hoạt ngày họp (M13): ghi là miễn, không tính")
    status: Presence | None = Field(description="đã điểm danh")
    reason: str


# --- input ---------------------------------------------------------------------------------------------------------

class MeetingFields(In):
    month: dt.date | None = Field(None, description="kỳ tháng (ngày bất kỳ trong tháng; mặc định tháng của ngày họp)")
    starts_at: dt.time | None = Field(None, description="HH:MM")
    ends_at: dt.time | None = None
    place: str = Field("", max_length=200)
    group_name: str = Field("", max_length=120)
    agenda: str = ""
    documents_posted_on: dt.date | None = None
    topic_id: int | None = Field(None, description="chuyên đề trong kế hoạch của chi bộ (sinh hoạt chuyên đề)")
    combined_session: bool = False
    preparer_id: int | None = Field(None, description="người chuẩn bị nội dung (đảng viên của chi bộ)")
    has_draft_resolution: bool = False
    conclusion_kind: ConclusionKind | None = None
    conclusion: str = ""


class MeetingIn(MeetingFields):
    org_id: int = Field(description="chi bộ")
    kind: MeetingKind
    date: dt.date


class MeetingPatchIn(In):
    """Only the fields sent change."""

    kind: MeetingKind | None = None
    date: dt.date | None = None
    month: dt.date | None = None
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    place: str | None = Field(None, max_length=200)
    group_name: str | None = Field(None, max_length=120)
    agenda: str | None = None
    documents_posted_on: dt.date | None = None
    topic_id: int | None = None
    combined_session: bool | None = None
    preparer_id: int | None = None
    has_draft_resolution: bool | None = None
    conclusion_kind: ConclusionKind | None = None
    conclusion: str | None = None


class AttendanceEntryIn(In):
    member_id: int
    status: Literal["P", "E", "U"] = Field(description="P có mặt, E vắng có lý do, U vắng không lý do (người được "
                                                       "miễn tự ghi là miễn)")
    reason: str = Field("", max_length=200, description="lý do vắng (bắt buộc khi E)")


class AttendanceIn(In):
    entries: list[AttendanceEntryIn]


class GuestsIn(In):
    member_ids: list[int] = Field(description="cấp ủy viên cấp trên dự (thay cả danh sách)")


class ChecksIn(In):
    checks: dict[str, bool] = Field(description="mã tiêu chí (xem docs/meetings.md) → đạt")


class ScoreIn(In):
    scorer: Scorer = Scorer.CELL
    points: dict[str, Decimal | str] = Field(description="điểm từng tiêu chí của phiếu đang áp dụng")


class LevelIn(In):
    level: MeetingLevel


# --- helpers --------------------------------------------------------------------------------------------------------

_BLANK_TEXT = {"place", "group_name", "agenda", "conclusion", "conclusion_kind"}


def _references(org, data: dict, on: dt.date) -> dict:
    """Ids → rows, looked up within the cell only (an id from elsewhere is refused without naming it)."""
    out = {k: ("" if v is None and k in _BLANK_TEXT else v) for k, v in data.items()
           if k not in ("topic_id", "preparer_id")}
    if "topic_id" in data:
        topic = None
        if data["topic_id"] is not None:
            topic = Topic.objects.select_related("plan").filter(pk=data["topic_id"], plan__org=org).first()
            if topic is None:
                raise DomainError(f"Kế hoạch chuyên đề của {org.name} không có chuyên đề mã {data['topic_id']}.",
                                  field="topic_id")
        out["topic"] = topic
    if "preparer_id" in data:
        preparer = None
        if data["preparer_id"] is not None:
            preparer = cell_roster_on(org=org, on=on).filter(pk=data["preparer_id"]).first()
            if preparer is None:
                raise DomainError(f"Người chuẩn bị (mã {data['preparer_id']}) không sinh hoạt tại {org.name} ngày "
                                  f"{format_date(on)}.", field="preparer_id")
        out["preparer"] = preparer
    return out


def _detail(user, pk, warnings=None) -> Meeting:
    meeting = selectors_api.meeting_detail(user=user, pk=pk)
    start, end, rule = selectors.window_of(org=meeting.org, month_first=meeting.month)
    meeting.window_start, meeting.window_end = start, end
    meeting.schedule = str(rule) if rule else "chưa có lịch: cả tháng"
    meeting.in_window = start <= meeting.date <= end
    meeting.quality = quality_of(meeting, today())
    if warnings is not None:
        meeting.warnings = list(warnings)
    return meeting


# --- meetings -------------------------------------------------------------------------------------------------------

class MeetingFilters(Schema):
    org: int = Field(description="chi bộ")
    month_from: dt.date | None = Field(None, description="từ kỳ tháng (ngày bất kỳ trong tháng)")
    month_to: dt.date | None = Field(None, description="đến kỳ tháng")
    kind: MeetingKind | None = None


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS},
            summary="Các kỳ sinh hoạt của một chi bộ (mới nhất trước), lọc theo kỳ tháng và loại")
@paginate(Page)
def meeting_list(request, filters: Query[MeetingFilters]):
    org = cell_of(request.auth, filters.org, "org")
    return selectors_api.meeting_list(user=request.auth, org=org, month_from=filters.month_from,
                                      month_to=filters.month_to, kind=filters.kind or "")


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS},
            summary="Một kỳ sinh hoạt: điểm danh, cấp trên dự, biên bản, điểm và đánh giá chất lượng (G2)")
def meeting_detail(request, meeting_id: int):
    return _detail(request.auth, meeting_id)


@router.post("/meetings", response={201: MeetingSavedOut, **ERRORS},
             summary="Ghi một kỳ sinh hoạt (cảnh báo trả về cùng bản ghi)")
def meeting_create(request, payload: MeetingIn):
    user = request.auth
    org = org_of(user, payload.org_id, "org_id", write=True)
    data = _references(org, payload.model_dump(exclude={"org_id"}), payload.date)
    saved = services.meeting_save(actor=user, org=org, **data)
    return Status(201, _detail(user, saved.meeting.pk, saved.warnings))


@router.patch("/meetings/{meeting_id}", response={200: MeetingSavedOut, **ERRORS},
              summary="Sửa kỳ sinh hoạt (chỉ các trường gửi lên)")
def meeting_update(request, meeting_id: int, payload: MeetingPatchIn):
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=True)
    sent = payload.model_dump(exclude_unset=True)
    for required in ("kind", "date", "combined_session", "has_draft_resolution"):
        if required in sent and sent[required] is None:
            raise DomainError(f"Trường “{required}” không được để trống.", field=required)
    data = _references(meeting.org, sent, sent.get("date") or meeting.date)
    saved = services.meeting_save(actor=user, meeting=meeting, **data)
    return _detail(user, saved.meeting.pk, saved.warnings)


# api_operation: ``router.delete`` reads as a row deletion to the writes-only-in-services guard.
@router.api_operation(["DELETE"], "/meetings/{meeting_id}", response={204: None, **ERRORS},
               summary="Xóa kỳ sinh hoạt nhập nhầm (chưa điểm danh)")
def meeting_delete(request, meeting_id: int):
    meeting = meeting_of(request.auth, meeting_id, write=True)
    services.meeting_delete(actor=request.auth, meeting=meeting)
    return Status(204, None)


@router.get("/meetings/{meeting_id}/roster", response={200: list[RosterOut], **ERRORS},
            summary="Danh sách điểm danh: đảng viên của chi bộ ngày họp, người được miễn, điểm danh đã ghi")
def meeting_roster(request, meeting_id: int):
    meeting = meeting_of(request.auth, meeting_id)
    org_of(request.auth, meeting.org_id, None)  # the whole cell's list: not for a member reading their cell
    recorded = {a.member_id: a for a in meeting.attendance.all()}
    return [{"member_id": m.pk, "full_name": m.full_name, "is_exempt": exempt,
             "status": recorded[m.pk].status if m.pk in recorded else None,
             "reason": recorded[m.pk].reason if m.pk in recorded else ""}
            for m, exempt in services.roster(meeting)]


@router.post("/meetings/{meeting_id}/attendance", response={200: MeetingDetailOut, **ERRORS},
             summary="Điểm danh cả chi bộ (thay điểm danh đã ghi)")
def meeting_attendance(request, meeting_id: int, payload: AttendanceIn):
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=True)
    entries = {}
    for e in payload.entries:
        if e.member_id in entries:
            raise DomainError(f"Đảng viên mã {e.member_id} được điểm danh hai lần.", field="entries")
        entries[e.member_id] = (e.status, e.reason)
    called = set(cell_roster_on(org=meeting.org, on=meeting.date).filter(pk__in=list(entries))
                 .values_list("pk", flat=True))
    stray = sorted(set(entries) - called)
    if stray:
        raise DomainError(f"Không sinh hoạt tại {meeting.org.name} ngày {format_date(meeting.date)}: đảng viên mã "
                          + ", ".join(map(str, stray)) + ".", field="entries")
    services.attendance_record(actor=user, meeting=meeting, entries=entries)
    return _detail(user, meeting.pk)


@router.post("/meetings/{meeting_id}/guests", response={200: MeetingDetailOut, **ERRORS},
             summary="Cấp ủy viên cấp trên dự sinh hoạt (thay cả danh sách)")
def meeting_guests(request, meeting_id: int, payload: GuestsIn):
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=True)
    ids = list(dict.fromkeys(payload.member_ids))
    seated = set(services.superior_seats_on(meeting.org, meeting.date).filter(member_id__in=ids)
                 .values_list("member_id", flat=True))
    missing = [m for m in ids if m not in seated]
    if missing:
        raise DomainError(f"Không phải cấp ủy viên cấp trên của {meeting.org.name} ngày "
                          f"{format_date(meeting.date)}: mã " + ", ".join(map(str, missing)) + ".",
                          field="member_ids")
    services.guests_set(actor=user, meeting=meeting, member_ids=ids)
    return _detail(user, meeting.pk)


def _changed(request, meeting_id: int, change, *, write: bool = True):
    """One change to a meeting through its service, answered with the meeting as it now stands."""
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=write)
    change(user, meeting)
    return _detail(user, meeting.pk)


@router.post("/meetings/{meeting_id}/checks", response={200: MeetingDetailOut, **ERRORS},
             summary="Ghi các tiêu chí G2 đánh giá sau kỳ họp (nội dung, tiến hành, nguyên tắc, kết quả)")
def meeting_checks(request, meeting_id: int, payload: ChecksIn):
    return _changed(request, meeting_id, lambda user, meeting: services.checks_set(
        actor=user, meeting=meeting, checks=payload.checks))


@router.post("/meetings/{meeting_id}/scores", response={200: MeetingDetailOut, **ERRORS},
             summary="Chấm điểm theo phiếu của cấp tỉnh (chi ủy, hoặc cấp ủy viên cấp trên dự chấm)")
def meeting_score(request, meeting_id: int, payload: ScoreIn):
    # a superior attendee scores a cell they cannot write to: only the cell's own scoring needs its write scope
    return _changed(request, meeting_id, lambda user, meeting: services.score_record(
        actor=user, meeting=meeting, scorer=payload.scorer, points={k: str(v) for k, v in payload.points.items()}),
        write=payload.scorer == Scorer.CELL)


@router.post("/meetings/{meeting_id}/level", response={200: MeetingDetailOut, **ERRORS},
             summary="Ghi mức xếp loại đã ghi trong biên bản (khi không chấm phiếu trên hệ thống)")
def meeting_level(request, meeting_id: int, payload: LevelIn):
    return _changed(request, meeting_id, lambda user, meeting: services.level_record(
        actor=user, meeting=meeting, level=payload.level))


@router.post("/meetings/{meeting_id}/files", response={201: FileOut, **ERRORS},
             summary="Đính kèm biên bản (PDF, Word, ODT, JPG, PNG; tối đa 10 MB; multipart, trường “file”)")
def meeting_file_add(request, meeting_id: int, file: File[UploadedFile]):
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=True)
    return Status(201, services.file_attach(actor=user, meeting=meeting, upload=file))


@router.api_operation(["DELETE"], "/meetings/{meeting_id}/files/{file_id}", response={204: None, **ERRORS},
               summary="Gỡ một tệp đính kèm")
def meeting_file_remove(request, meeting_id: int, file_id: int):
    user = request.auth
    meeting = meeting_of(user, meeting_id, write=True)
    row = MeetingFile.objects.filter(pk=file_id, meeting=meeting).first()
    if row is None:
        raise OutOfScope()
    services.file_remove(actor=user, file=row)
    return Status(204, None)

