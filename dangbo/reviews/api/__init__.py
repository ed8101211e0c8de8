"""The annual review over JSON: campaigns, assessments through their steps, approval of a whole level,
registrations, remediation plans and reward candidates. Reads through the scoped selectors, every change
through ``reviews.services``; the same error shape and status codes as the rest of the API."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.accounts.scope import scope_for
from dangbo.core.api import ERRORS, Forbidden, In, Page, require_write
from dangbo.core.dates import today
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.members import selectors as member_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.orgs.models import Org
from dangbo.reviews import selectors, services, streaks
from dangbo.reviews.choices import Exclusion, Level, Mark, PlanReason, Subject
from dangbo.reviews.choices import Status as ReviewStatus
from dangbo.reviews.models import Assessment
from dangbo.reviews.selectors import api as selectors_api
from dangbo.reviews.selectors import plans as selectors_plans

router = Router(tags=["Đánh giá, xếp loại"])


def _blank(value):
    return value or None


class CampaignOut(Schema):
    id: int
    year: int
    org_id: int = Field(description="phạm vi của đợt đánh giá")
    org_name: str
    regulation: str = Field(description="quy định áp dụng theo năm đánh giá: 132-QĐ/TW, 124-QĐ/TW, 366-QĐ/TW")
    opens_on: dt.date
    cell_deadline: dt.date | None
    grassroots_deadline: dt.date | None
    superior_deadline: dt.date | None
    is_closed: bool

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class CampaignOpenOut(CampaignOut):
    added: int = Field(description="số phiếu đánh giá vừa tạo (danh sách ngày 31/12 của năm đánh giá)")
    removed: int = Field(0, description="mở lại đợt: số phiếu chưa ai nhập bị bỏ vì không thuộc danh sách ngày đó")


class AssessmentOut(Schema):
    id: int
    year: int
    subject: Subject
    member_id: int | None
    member_name: str | None
    subject_org_id: int | None
    subject_org_name: str | None
    org_id: int = Field(description="đơn vị: chi bộ của đảng viên, hoặc chính tổ chức được đánh giá")
    org_name: str
    approver_id: int = Field(description="cấp quyết định xếp loại")
    regulation: str
    status: ReviewStatus
    exclusion: Exclusion | None = Field(description="lý do không xếp loại, nếu có")
    self_level: Level | None
    proposed_level: Level | None
    final_level: Level | None
    pointed_review: bool

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name if obj.member_id else None

    @staticmethod
    def resolve_subject_org_name(obj):
        return obj.subject_org.name if obj.subject_org_id else None

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name

    @staticmethod
    def resolve_exclusion(obj):
        return _blank(obj.exclusion)

    @staticmethod
    def resolve_self_level(obj):
        return _blank(obj.self_level)

    @staticmethod
    def resolve_proposed_level(obj):
        return _blank(obj.proposed_level)

    @staticmethod
    def resolve_final_level(obj):
        return _blank(obj.final_level)


class CriterionOut(Schema):
    code: str
    name: str
    group: str = ""
    points: int | None = None
    political: bool = False


class AssessmentDetailOut(AssessmentOut):
    criteria_set: str | None = Field(description="mã bộ tiêu chí")
    criteria: list[CriterionOut]
    marks: dict[str, Mark]
    score: Decimal | None
    tasks_total: int
    tasks_on_time: int
    tasks_exceeding: int
    shortcomings_total: int
    shortcomings_fixed: int
    targets_met_pct: int | None
    sick_leave_months: int
    discipline_self_corrected: bool
    disunity: bool
    subordinate_misconduct: bool
    self_comment: str
    pointed_note: str
    proposed_on: dt.date | None
    approved_on: dt.date | None

    @staticmethod
    def resolve_criteria_set(obj):
        return obj.criteria_set.code if obj.criteria_set_id else None

    @staticmethod
    def resolve_criteria(obj):
        return obj.criteria_set.criteria if obj.criteria_set_id else []

    @staticmethod
    def resolve_marks(obj):
        return obj.marks or {}


class RegistrationOut(Schema):
    id: int
    year: int
    member_id: int | None
    subject_org_id: int | None
    org_id: int
    level: Level
    registered_on: dt.date


class PlanOut(Schema):
    id: int
    year: int
    member_id: int | None
    member_name: str | None
    subject_org_id: int | None
    subject_org_name: str | None
    org_id: int
    org_name: str
    reason: PlanReason
    due_on: dt.date
    submitted_on: dt.date | None
    summary: str
    is_late: bool = Field(description="quá hạn nộp mà chưa nộp (tính đến ngày `on`)")
    items_total: int
    items_done: int
    items_open: int
    items_late: int = Field(description="nội dung quá thời hạn mà chưa khắc phục")

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name if obj.member_id else None

    @staticmethod
    def resolve_subject_org_name(obj):
        return obj.subject_org.name if obj.subject_org_id else None

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class StreakOut(Schema):
    subject: Subject
    id: int = Field(description="mã đảng viên hoặc tổ chức")
    name: str
    unit_name: str = Field(description="chi bộ của đảng viên trong năm cuối")
    length: int = Field(description="số năm liền hoàn thành xuất sắc nhiệm vụ (có thể dài hơn số năm hỏi)")
    first_year: int
    last_year: int
    years: list[int]

    @staticmethod
    def resolve_id(obj):
        return obj.subject_id


class ApproveOut(Schema):
    approved: int = Field(description="số phiếu đã được quyết định")


class CampaignIn(In):
    org_id: int = Field(description="tổ chức mà đợt đánh giá bao trùm (cả cây)")
    year: int = Field(ge=2018, le=2100)
    opens_on: dt.date
    cell_deadline: dt.date | None = None
    grassroots_deadline: dt.date | None = None
    superior_deadline: dt.date | None = None


class EntryIn(In):
    """Only the fields sent change (as on the entry screen)."""

    marks: dict[str, Mark] | None = Field(None, description="mức theo mã tiêu chí (132, 124)")
    score: Decimal | None = Field(None, ge=0, le=100, description="điểm thang 100 (366)")
    tasks_total: int | None = Field(None, ge=0)
    tasks_on_time: int | None = Field(None, ge=0)
    tasks_exceeding: int | None = Field(None, ge=0)
    shortcomings_total: int | None = Field(None, ge=0)
    shortcomings_fixed: int | None = Field(None, ge=0)
    targets_met_pct: int | None = Field(None, ge=0, le=100)
    sick_leave_months: int | None = Field(None, ge=0, le=12)
    discipline_self_corrected: bool | None = None
    disunity: bool | None = None
    subordinate_misconduct: bool | None = None
    self_comment: str | None = None

    def entry(self) -> dict:
        data = self.model_dump(exclude_unset=True, exclude={"level", "on"}, mode="json")
        return {k: v for k, v in data.items() if v is not None or k in ("score", "targets_met_pct")}


class SelfIn(EntryIn):
    level: Level


class ProposeIn(EntryIn):
    level: Level
    on: dt.date | None = Field(None, description="ngày chi bộ / cấp ủy đề xuất (mặc định hôm nay)")


class QuotaExceptionIn(In):
    reason: str = Field(description="lý do vượt tỷ lệ (thành tích nổi trội)")
    decision_number: str = Field(description="số quyết định của cấp ủy có thẩm quyền")
    decision_date: dt.date = Field(description="ngày quyết định")


class ApproveIn(In):
    approver_id: int = Field(description="cấp quyết định: tổ chức cơ sở đảng (đảng viên) hoặc cấp trên (tổ chức)")
    year: int
    ids: list[int] | None = Field(None, description="chỉ các phiếu này (mặc định: mọi phiếu đang chờ)")
    levels: dict[int, Level] | None = Field(None, description="mức quyết định khác mức đề xuất, theo mã phiếu")
    on: dt.date | None = None
    exception: QuotaExceptionIn | None = Field(None, description="ngoại lệ khi vượt tỷ lệ HTXSNV (R4-QUOTA)")


class ReopenIn(In):
    reason: str


class PointedIn(In):
    note: str = Field(description="nội dung cấp trên gợi ý kiểm điểm")


class RegistrationIn(In):
    year: int
    level: Level
    registered_on: dt.date
    member_id: int | None = None
    org_id: int | None = Field(None, description="tổ chức đăng ký (khi không phải đảng viên)")


class AssessmentFilters(Schema):
    year: int | None = None
    org: int | None = Field(None, description="chỉ trong cây của tổ chức này")
    status: ReviewStatus | None = None
    subject: Subject | None = None


class PlanFilters(Schema):
    year: int | None = Field(None, description="mặc định: năm trước")
    org: int | None = None
    late: bool = Field(False, description="chỉ kế hoạch chậm nộp hoặc có nội dung quá hạn")
    on: dt.date | None = Field(None, description="ngày tính chậm, quá hạn (mặc định hôm nay)")


class StreakFilters(Schema):
    year: int | None = Field(None, description="năm cuối (mặc định: năm trước)")
    years: int = Field(streaks.DEFAULT_YEARS, ge=1, le=streaks.MAX_YEARS, description="số năm liền")
    org: int | None = None


def _org(user, pk, field: str | None, write: bool = False) -> Org:
    return org_in_scope(user, pk, field, write)


def _assessment(user, pk) -> Assessment:
    return selectors.assessment_get(user=user, pk=pk, own_allowed=True)


@router.get("/reviews/campaigns", response={200: list[CampaignOut], **ERRORS},
            summary="Các đợt đánh giá trong phạm vi (và đợt của cấp trên bao trùm phạm vi)")
def campaign_list(request, year: int | None = None):
    qs = selectors.campaign_queryset(user=request.auth)
    return qs.filter(year=year) if year is not None else qs


@router.post("/reviews/campaigns", response={201: CampaignOpenOut, **ERRORS},
             summary="Mở đợt đánh giá năm: tạo phiếu cho mọi đảng viên, tổ chức của cây")
def campaign_open(request, payload: CampaignIn):
    org = _org(request.auth, payload.org_id, "org_id", write=True)
    campaign = services.campaign_open(
        actor=request.auth, org=org, year=payload.year, opens_on=payload.opens_on,
        cell_deadline=payload.cell_deadline, grassroots_deadline=payload.grassroots_deadline,
        superior_deadline=payload.superior_deadline)
    return Status(201, campaign)


@router.get("/reviews/assessments", response={200: list[AssessmentOut], **ERRORS},
            summary="Phiếu đánh giá trong phạm vi, lọc theo năm, tổ chức, trạng thái")
@paginate(Page)
def assessment_list(request, filters: Query[AssessmentFilters]):
    org = _org(request.auth, filters.org, "org") if filters.org is not None else None
    return selectors_api.assessment_list(user=request.auth, year=filters.year, org=org,
                                         status=filters.status or "", subject=filters.subject or "")


@router.get("/reviews/assessments/{assessment_id}", response={200: AssessmentDetailOut, **ERRORS},
            summary="Một phiếu đánh giá, với bộ tiêu chí và kết quả đã nhập")
def assessment_detail(request, assessment_id: int):
    return _assessment(request.auth, assessment_id)


@router.post("/reviews/assessments/{assessment_id}/self", response={200: AssessmentDetailOut, **ERRORS},
             summary="Tự đánh giá, tự xếp loại (đảng viên tự làm, hoặc người nhập cho chi bộ)")
def assessment_self(request, assessment_id: int, payload: SelfIn):
    user = request.auth
    a = _assessment(user, assessment_id)
    scope = scope_for(user)
    if a.member_id not in scope.own_member_ids and not scope.covers_path(a.org.path, write=True):
        raise Forbidden()
    services.assessment_self(actor=user, assessment=a, level=payload.level, data=payload.entry())
    return _assessment(user, assessment_id)


@router.post("/reviews/assessments/{assessment_id}/propose", response={200: AssessmentDetailOut, **ERRORS},
             summary="Chi bộ / cấp ủy đề xuất mức xếp loại (kiểm tra theo quy định)")
def assessment_propose(request, assessment_id: int, payload: ProposeIn):
    user = request.auth
    a = _assessment(user, assessment_id)
    require_write(user, a.org.path)
    services.assessment_propose(actor=user, assessment=a, level=payload.level, data=payload.entry(), on=payload.on)
    return _assessment(user, assessment_id)


@router.post("/reviews/approve", response={200: ApproveOut, **ERRORS},
             summary="Cấp có thẩm quyền quyết định cả một cấp một lần (quy định và tỷ lệ kiểm tra trước khi ghi)")
def assessments_approve(request, payload: ApproveIn):
    user = request.auth
    approver = _org(user, payload.approver_id, "approver_id", write=True)
    e = payload.exception
    exception = services.QuotaExceptionInput(e.reason, e.decision_number, e.decision_date) if e else None
    n = services.assessments_approve(actor=user, approver=approver, year=payload.year, levels=payload.levels,
                                     ids=payload.ids, on=payload.on, exception=exception)
    return {"approved": n}


@router.post("/reviews/assessments/{assessment_id}/reopen", response={200: AssessmentDetailOut, **ERRORS},
             summary="Mở lại kết quả đã quyết định (cấp quyết định; phải ghi lý do)")
def assessment_reopen(request, assessment_id: int, payload: ReopenIn):
    user = request.auth
    a = _assessment(user, assessment_id)
    require_write(user, a.approver.path)
    services.assessment_reopen(actor=user, assessment=a, reason=payload.reason)
    return _assessment(user, assessment_id)


@router.post("/reviews/assessments/{assessment_id}/pointed", response={200: AssessmentDetailOut, **ERRORS},
             summary="Cấp trên gợi ý kiểm điểm (phát sinh kế hoạch khắc phục)")
def assessment_pointed(request, assessment_id: int, payload: PointedIn):
    user = request.auth
    a = _assessment(user, assessment_id)
    require_write(user, a.approver.path)
    services.pointed_review_set(actor=user, assessment=a, note=payload.note)
    return _assessment(user, assessment_id)


@router.post("/reviews/registrations", response={201: RegistrationOut, **ERRORS},
             summary="Đăng ký phấn đấu đầu năm của đảng viên hoặc tổ chức")
def registration_record(request, payload: RegistrationIn):
    user = request.auth
    if (payload.member_id is None) == (payload.org_id is None):
        raise DomainError("Phải chọn đúng một: đảng viên (member_id) hoặc tổ chức (org_id).", field="member_id")
    member = org = None
    if payload.member_id is not None:
        try:
            member = member_selectors.member_get(user=user, pk=payload.member_id)
        except OutOfScope as exc:
            exc.field = "member_id"
            raise
        require_write(user, member.org.path if member.org_id else "", field="member_id")
    else:
        org = _org(user, payload.org_id, "org_id", write=True)
    reg = services.registration_record(actor=user, year=payload.year, level=payload.level,
                                       registered_on=payload.registered_on, member=member, org=org)
    return Status(201, reg)


@router.get("/reviews/plans", response={200: list[PlanOut], **ERRORS},
            summary="Kế hoạch khắc phục phải có trong năm: ai đã nộp, ai chậm, nội dung quá hạn")
@paginate(Page)
def plan_list(request, filters: Query[PlanFilters]):
    org = _org(request.auth, filters.org, "org") if filters.org is not None else None
    year = filters.year or streaks.default_year(today())
    return selectors_plans.plans_owed(user=request.auth, year=year, org=org, on=filters.on or today(),
                                      late_only=filters.late)


@router.get("/reviews/streaks", response={200: list[StreakOut], **ERRORS},
            summary="Đảng viên, tổ chức hoàn thành xuất sắc nhiệm vụ nhiều năm liền (đề nghị khen thưởng)")
def streak_list(request, filters: Query[StreakFilters]):
    org = _org(request.auth, filters.org, "org") if filters.org is not None else None
    year = filters.year or streaks.default_year(today())
    return streaks.streaks(user=request.auth, year=year, years=filters.years, org=org)
