"""The member registry over JSON: reads through ``members.selectors``, every change through ``members.services``."""

import datetime as dt
import math

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, In, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import OutOfScope
from dangbo.core.text import word_prefix_pattern
from dangbo.members import selectors, services
from dangbo.members.choices import (
    DisciplineForm,
    EducationLevel,
    EventKind,
    Gender,
    GeneralEducation,
    LeaveReason,
    MemberCategory,
    MemberStatus,
    PoliticalTheory,
)
from dangbo.members.models import LifecycleEvent, Member
from dangbo.orgs.api import org_in_scope
from dangbo.orgs.models import Org

router = Router(tags=["Đảng viên"])


class MemberOut(Schema):
    id: int
    full_name: str
    gender: Gender
    date_of_birth: dt.date
    status: MemberStatus
    org_id: int | None = Field(description="chi bộ đang sinh hoạt chính thức (hiện tại)")
    org_name: str | None
    is_exempt: bool
    admitted_on: dt.date | None
    official_on: dt.date | None
    left_on: dt.date | None
    category: MemberCategory
    political_theory: PoliticalTheory
    education_level: EducationLevel

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name if obj.org_id else None


class MemberDetailOut(MemberOut):
    ethnicity: str
    religion: str
    hometown: str
    residence: str
    cccd: str | None
    card_number: str
    profile_number: str
    general_education: GeneralEducation | None
    occupation: str
    is_youth_union: bool

    @staticmethod
    def resolve_general_education(obj):
        return obj.general_education or None


class ApprovalOut(Schema):
    rule: str = Field(description="M1: kết nạp người trên 60 tuổi; M12: kết nạp lại")
    citation: str
    decision_ref: str
    decided_on: dt.date | None
    decided_by: str
    reason: str
    is_flag: bool = Field(description="hồ sơ nhập như đã quyết định, chưa có văn bản")


class EventOut(Schema):
    id: int
    member_id: int
    kind: EventKind
    kind_name: str
    date: dt.date
    org_id: int | None
    org_name: str | None
    external_org: str
    decision_ref: str
    decided_by: str
    note: str
    considered_on: dt.date | None = Field(None, description="ngày chi bộ xét kết nạp")
    leave_reason: LeaveReason | None = None
    record_cleared_on: dt.date | None = None
    approvals: list[ApprovalOut] = Field(default_factory=list, description="văn bản đồng ý sự kiện dựa vào")
    supersedes_id: int | None = Field(description="sự kiện mà bản ghi này đính chính")
    superseded_by_id: int | None = Field(None, description="bản ghi đính chính sự kiện này, nếu có")
    is_void: bool = Field(description="bản đính chính hủy sự kiện gốc")

    @staticmethod
    def resolve_leave_reason(obj):
        return obj.leave_reason or None

    @staticmethod
    def resolve_approvals(obj):
        return list(obj.approvals.all())

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name if obj.org_id else None


class DisciplineOut(Schema):
    id: int
    member_id: int | None
    org_id: int
    is_org_discipline: bool
    form: DisciplineForm
    date: dt.date
    decided_by: str
    decision_ref: str
    reason: str


# A search's count (``count=true``) walks the name index along with its page and stops this many rows past the
# page's end.
SEARCH_COUNT_AHEAD = 1000


class MemberFilters(Schema):
    q: str = Field("", description="tìm theo họ tên, số CCCD, số thẻ; không phân biệt dấu")
    org: int | None = Field(None, description="chỉ trong cây của tổ chức này")
    status: MemberStatus | None = None
    category: MemberCategory | None = None
    gender: Gender | None = None
    political_theory: PoliticalTheory | None = None
    include_left: bool = Field(False, description="gồm cả người không còn sinh hoạt")
    count: bool = Field(False, description="khi tìm theo tên (q): đếm số kết quả, tới "
                                           f"{SEARCH_COUNT_AHEAD:,} dòng sau trang này".replace(",", ".") +
                                           "; không có thì chỉ biết còn trang sau hay không. Tên ít gặp có thể "
                                           "phải dò hết danh sách tên của phạm vi: chậm với phạm vi lớn")


class ApprovalIn(In):
    """The written consent an admission needs: over 60 (M1) or re-admission (M12)."""

    rule: str = Field(pattern="^(M1|M12)$")
    decision_ref: str = Field(max_length=80)
    decided_on: dt.date
    decided_by: str = Field(max_length=200)
    reason: str


class PersonIn(In):
    full_name: str = Field(max_length=120)
    date_of_birth: dt.date
    gender: Gender
    ethnicity: str = Field("Kinh", max_length=40)
    religion: str = Field("Không", max_length=40)
    hometown: str = Field("", max_length=200)
    residence: str = Field("", max_length=200)
    cccd: str | None = Field(None, description="12 chữ số")
    card_number: str = Field("", max_length=20)
    profile_number: str = Field("", max_length=12)
    general_education: GeneralEducation | None = None
    education_level: EducationLevel = EducationLevel.NONE
    political_theory: PoliticalTheory = PoliticalTheory.NONE
    occupation: str = Field("", max_length=120)
    category: MemberCategory = MemberCategory.OTHER
    is_youth_union: bool = False


class MemberCreateIn(PersonIn):
    org_id: int | None = Field(description="chi bộ kết nạp (hoặc nhận chuyển đến, nếu kết nạp ngoài hệ thống)")
    admitted_on: dt.date
    official_on: dt.date | None = None
    external_org: str = Field("", max_length=255, description="nơi kết nạp, nếu ngoài hệ thống")
    transfer_in_on: dt.date | None = None
    decision_ref: str = Field("", max_length=80)
    considered_on: dt.date | None = Field(None, description="ngày chi bộ xét kết nạp (tuổi đời tính đến ngày này)")
    approvals: list[ApprovalIn] = []


class MemberPatchIn(In):
    """Only the fields sent change; the lifecycle (status, chi bộ, dates) changes through events."""

    full_name: str | None = Field(None, max_length=120)
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    ethnicity: str | None = Field(None, max_length=40)
    religion: str | None = Field(None, max_length=40)
    hometown: str | None = Field(None, max_length=200)
    residence: str | None = Field(None, max_length=200)
    cccd: str | None = None
    card_number: str | None = Field(None, max_length=20)
    profile_number: str | None = Field(None, max_length=12)
    general_education: GeneralEducation | None = None
    education_level: EducationLevel | None = None
    political_theory: PoliticalTheory | None = None
    occupation: str | None = Field(None, max_length=120)
    category: MemberCategory | None = None
    is_youth_union: bool | None = None


class EventIn(In):
    kind: EventKind
    date: dt.date
    org_id: int | None = Field(None, description="chi bộ đến (kết nạp, chuyển sinh hoạt, phục hồi)")
    external_org: str = Field("", max_length=255)
    decision_ref: str = Field("", max_length=80)
    decided_by: str = Field("", max_length=200)
    note: str = ""
    considered_on: dt.date | None = Field(None, description="kết nạp: ngày chi bộ xét (tuổi đời tính đến ngày này)")
    leave_reason: LeaveReason | None = Field(None, description="xóa tên, cho ra khỏi Đảng, khai trừ: lý do")
    record_cleared_on: dt.date | None = Field(None, description="kết nạp lại sau án tích: ngày được xóa án tích")
    approvals: list[ApprovalIn] = []
    follow_restructuring: bool = Field(False, description="ghi lùi ngày vào tổ chức đã sáp nhập: ghi luôn việc "
                                                          "chuyển sang tổ chức nhận sáp nhập")


class CorrectIn(In):
    void: bool = Field(False, description="hủy sự kiện (ghi nhầm) thay vì sửa ngày/chi bộ")
    date: dt.date | None = None
    org_id: int | None = None
    decision_ref: str | None = Field(None, max_length=80)
    note: str = Field(description="lý do đính chính (bắt buộc)")


class DisciplineIn(In):
    form: DisciplineForm
    date: dt.date
    decided_by: str = Field(max_length=200)
    reason: str
    decision_ref: str = Field("", max_length=80)


# Text columns that are NOT NULL: an explicit null from a client means "empty".
_BLANK_TEXT = {"ethnicity", "religion", "hometown", "residence", "card_number", "profile_number",
               "general_education", "occupation"}


def _person(data: dict) -> dict:
    return {k: ("" if v is None and k in _BLANK_TEXT else v) for k, v in data.items()}


def _org(user, pk, field: str | None = "org_id", write: bool = False) -> Org:
    return org_in_scope(user, pk, field, write)


def member_in_scope(user, pk, field: str | None = None, write: bool = False) -> Member:
    """The member ``pk`` as the API reads it for every app (``orgs.api.org_in_scope``'s twin): 404 naming ``field``
    outside the scope, 403 when it must be written and the user may only read it."""
    try:
        member = selectors.member_get(user=user, pk=pk)
    except OutOfScope as exc:
        exc.field = field
        raise
    if write:
        require_write(user, member.org.path if member.org_id else "", field=field)
    return member


def _member(user, pk, write: bool = False) -> Member:
    return member_in_scope(user, pk, write=write)


def _event(user, pk) -> LifecycleEvent:
    """An event of a member the user can see; the scope is the member's, as on the member page."""
    event = (LifecycleEvent.objects.select_related("member__org", "org")
             .filter(pk=pk, member__in=selectors.member_queryset(user=user)).first())
    if event is None:
        raise OutOfScope()
    return event


class MemberPage(Page):
    """``Page`` whose count costs what the page shows, never the size of the scope: without a search or a
    member-level filter it is the tally's (``selectors.member_count``); with a member-level filter but no search
    it counts the list on the org index (``counted``: the rows walk the name index, and a count that way read
    every member of the country). A search (``bounded``) is not counted unless asked (``count=true``): an exact
    count of a common name read every member of the scope (2,35 s for an administrator on the national dataset),
    and even a count capped at ``SEARCH_COUNT_AHEAD`` rows past the page is not bounded — a name with fewer
    matches than the cap walks the name index to its end (on the national SQLite dataset "phan dinh giang", 66
    members: 330 s to the end against 60 s for the page's own walk to its 51st match, machine loaded). Unasked,
    the page's own walk reads one row past the page, so ``count`` says at least one more page when there is one;
    asked, the walk goes on up to the cap. Either way ``count`` is then a lower bound and ``count_exact`` false,
    unless the walk reached the end of the list."""

    class MemberPageOutput(Page.Output):
        count: int = Field(description="tổng số dòng; khi tìm theo tên (q) và count_exact là false thì chỉ là số "
                                       "tối thiểu: không đếm quá trang này một dòng, hoặc (count=true) quá "
                                       f"{SEARCH_COUNT_AHEAD:,} dòng".replace(",", "."))
        pages: int = Field(description="tổng số trang; số tối thiểu khi count_exact là false")
        count_exact: bool = Field(True, description="false khi count và pages là số tối thiểu (tìm theo tên, còn "
                                                    "nhiều kết quả hơn số đã đếm); true khi là con số đúng")

    Output = MemberPageOutput

    def paginate_queryset(self, queryset, pagination: Page.Input, request, **params):
        start, size = (pagination.page - 1) * pagination.page_size, pagination.page_size
        if not getattr(queryset, "bounded", False):
            counted = getattr(queryset, "counted", queryset)
            count = counted if isinstance(counted, int) else counted.count()
            return {"items": queryset[start:start + size], "count": count, "count_exact": True,
                    "page": pagination.page, "page_size": size, "pages": max(1, math.ceil(count / size))}
        # One walk for the page and its count: the ids in list order from the page's start up to the cap, then
        # the page's rows by id.
        ahead = size + (SEARCH_COUNT_AHEAD if getattr(queryset, "count_all", False) else 1)
        ids = list(queryset.values_list("id", flat=True)[start:start + ahead])
        if ids or not start:
            count, exact = start + len(ids), len(ids) < ahead
        else:  # a page past the list's end: the list is shorter than ``start``, counted within that bound
            count, exact = queryset[:start].count(), True
        shown = ids[:size]
        rows = Member.objects.select_related("org").in_bulk(shown)
        return {"items": [rows[pk] for pk in shown], "count": count, "count_exact": exact,
                "page": pagination.page, "page_size": size, "pages": max(1, math.ceil(count / size))}


@router.get("/members", response={200: list[MemberOut], **ERRORS},
            summary="Danh sách đảng viên trong phạm vi (thứ tự tên tiếng Việt)",
            description="Khi tìm theo tên (q), kết quả không được đếm hết: count chỉ cho biết còn trang sau hay "
                        "không, hoặc với count=true đếm tới "
                        f"{SEARCH_COUNT_AHEAD:,} dòng sau trang đang xem rồi dừng; khi còn nhiều kết quả hơn, "
                        "count và pages là số tối thiểu và count_exact là false.".replace(",", "."))
@paginate(MemberPage)
def member_list(request, filters: Query[MemberFilters]):
    org = _org(request.auth, filters.org, "org") if filters.org is not None else None
    wanted = {"user": request.auth, "q": filters.q, "org": org, "status": filters.status or "",
              "category": filters.category or "", "gender": filters.gender or "",
              "political_theory": filters.political_theory or "", "include_left": filters.include_left}
    rows = selectors.member_list(**wanted)
    if word_prefix_pattern(filters.q):
        rows.bounded, rows.count_all = True, filters.count
    elif filters.category or filters.gender or filters.political_theory:
        rows.counted = selectors.member_list(**wanted, walk=False)
    else:
        rows.counted = selectors.member_count(user=request.auth, org=org, status=filters.status or "",
                                              include_left=filters.include_left)
    return rows


@router.get("/members/{member_id}", response={200: MemberDetailOut, **ERRORS}, summary="Hồ sơ một đảng viên")
def member_detail(request, member_id: int):
    return _member(request.auth, member_id)


@router.post("/members", response={201: MemberDetailOut, **ERRORS}, summary="Thêm đảng viên (kết nạp)")
def member_create(request, payload: MemberCreateIn):
    user = request.auth
    org = _org(user, payload.org_id, write=True) if payload.org_id is not None else None
    data = _person(payload.model_dump(include=set(PersonIn.model_fields)))
    member = services.member_create(
        actor=user, data=data, org=org, admitted_on=payload.admitted_on, official_on=payload.official_on,
        external_org=payload.external_org, transfer_in_on=payload.transfer_in_on, decision_ref=payload.decision_ref,
        considered_on=payload.considered_on, approvals=[a.model_dump() for a in payload.approvals])
    return Status(201, member)


@router.patch("/members/{member_id}", response={200: MemberDetailOut, **ERRORS}, summary="Sửa hồ sơ")
def member_update(request, member_id: int, payload: MemberPatchIn):
    member = _member(request.auth, member_id, write=True)
    return services.member_update(actor=request.auth, member=member,
                                  data=_person(payload.model_dump(exclude_unset=True)))


@router.get("/members/{member_id}/events", response={200: list[EventOut], **ERRORS},
            summary="Quá trình sinh hoạt đảng (cả các bản đính chính)")
def member_events(request, member_id: int):
    member = _member(request.auth, member_id)
    events = list(selectors.member_timeline(user=request.auth, member=member))
    corrected_by = {e.supersedes_id: e.pk for e in events if e.supersedes_id}
    for event in events:
        event.superseded_by_id = corrected_by.get(event.pk)
    return events


@router.post("/members/{member_id}/events", response={201: EventOut, **ERRORS},
             summary="Ghi một sự kiện sinh hoạt đảng")
def event_record(request, member_id: int, payload: EventIn):
    user = request.auth
    member = _member(user, member_id, write=True)
    org = _org(user, payload.org_id, write=True) if payload.org_id is not None else None
    event = services.event_record(
        actor=user, member=member, kind=payload.kind, date=payload.date, org=org,
        external_org=payload.external_org, decision_ref=payload.decision_ref, decided_by=payload.decided_by,
        note=payload.note, considered_on=payload.considered_on, leave_reason=payload.leave_reason or "",
        record_cleared_on=payload.record_cleared_on, follow_restructuring=payload.follow_restructuring,
        approvals=[a.model_dump() for a in payload.approvals])
    return Status(201, event)


@router.post("/events/{event_id}/correct", response={201: EventOut, **ERRORS},
             summary="Đính chính (hoặc hủy) một sự kiện; bản ghi cũ được giữ")
def event_correct(request, event_id: int, payload: CorrectIn):
    user = request.auth
    event = _event(user, event_id)
    require_write(user, event.member.org.path if event.member.org_id else "")
    org = _org(user, payload.org_id, write=True) if payload.org_id is not None else None
    correction = services.event_correct(actor=user, event=event, void=payload.void, date=payload.date, org=org,
                                        decision_ref=payload.decision_ref, note=payload.note)
    return Status(201, correction)


@router.post("/members/{member_id}/discipline", response={201: DisciplineOut, **ERRORS},
             summary="Kỷ luật đảng viên")
def member_discipline(request, member_id: int, payload: DisciplineIn):
    member = _member(request.auth, member_id, write=True)
    decision = services.discipline_record(
        actor=request.auth, member=member, form=payload.form, date=payload.date, decided_by=payload.decided_by,
        reason=payload.reason, decision_ref=payload.decision_ref)
    return Status(201, decision)


@router.post("/orgs/{org_id}/discipline", response={201: DisciplineOut, **ERRORS}, summary="Kỷ luật tổ chức đảng")
def org_discipline(request, org_id: int, payload: DisciplineIn):
    org = _org(request.auth, org_id, field=None, write=True)
    decision = services.discipline_record(
        actor=request.auth, org=org, form=payload.form, date=payload.date, decided_by=payload.decided_by,
        reason=payload.reason, decision_ref=payload.decision_ref)
    return Status(201, decision)


@router.get("/orgs/{org_id}/members", response={200: list[MemberOut], **ERRORS},
            summary="Đảng viên của cả cây tổ chức tại một ngày")
@paginate(Page)
def org_members_on(request, org_id: int, on: dt.date | None = None):
    org = _org(request.auth, org_id, field=None)
    return selectors.members_on(user=request.auth, org=org, on=on or today()).select_related("org")
