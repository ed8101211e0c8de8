"""The committees' admission work over JSON — the same as the pages under /phat-trien-dang-vien/ (views/work.py):
the year's quotas of an org and its children with the progress against them, set by the direct superior; the
probationary members due for recognition, recognized or struck off the probationary list by the competent
committee (M7–M9); the screening list and its decisions, written by the member's cell (M11); the Huy hiệu list of
an award day and its XLSX (M10, M16). Another level's decision 403 (``PowerViolation``), outside the scope 404."""

import datetime as dt

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.accounts.scope import scope_for
from dangbo.admissions import exports, selectors, services
from dangbo.admissions import screening as screening_selectors
from dangbo.admissions.models import AdmissionPlan, ScreeningDecision
from dangbo.admissions.views.work import XLSX, next_award_day
from dangbo.core.api import ERRORS, In, NoticeOut, Page, require_write
from dangbo.core.dates import today
from dangbo.core.periods import year as year_period
from dangbo.members import selectors as member_selectors
from dangbo.members.choices import MemberStatus
from dangbo.members.models import Member
from dangbo.orgs import selectors as org_selectors
from dangbo.orgs.api import org_in_scope
from dangbo.targets import registry

router = Router(tags=["Công tác phát triển đảng viên"])
Outcome = ScreeningDecision.Outcome


# --- output --------------------------------------------------------------------------------------------------------

class AdmissionPlanOut(Schema):
    org_id: int
    year: int
    quota: int = Field(description="chỉ tiêu kết nạp do cấp ủy cấp trên trực tiếp giao")
    decided_on: dt.date = Field(description="ngày giao")
    document_ref: str = Field(description="văn bản giao chỉ tiêu")


class ProgressOut(Schema):
    admitted: int = Field(description="số đảng viên kết nạp trong năm")
    planned: int | None = Field(description="kế hoạch năm: chỉ tiêu của tổ chức, không có thì tổng chỉ tiêu đã giao "
                                            "cho các cấp dưới; null = chưa có chỉ tiêu")
    percent: float | None = Field(description="tỷ lệ so với kế hoạch (%, làm tròn nửa lên một chữ số thập phân)")


class PlanRowOut(Schema):
    org_id: int
    org_name: str
    plan: AdmissionPlanOut | None
    progress: ProgressOut


class PlansOut(PlanRowOut):
    year: int
    may_set: bool = Field(description="người dùng có quyền giao chỉ tiêu cho các tổ chức trực thuộc")
    children: list[PlanRowOut] = Field(description="các tổ chức trực thuộc, chỉ tiêu và tiến độ của từng tổ chức")


class MemberRefOut(Schema):
    member_id: int
    full_name: str
    org_id: int | None
    org_name: str

    @staticmethod
    def resolve_member_id(obj):
        return obj.member.pk

    @staticmethod
    def resolve_full_name(obj):
        return obj.member.full_name

    @staticmethod
    def resolve_org_id(obj):
        return obj.member.org_id

    @staticmethod
    def resolve_org_name(obj):
        return obj.member.org.name if obj.member.org else ""


class ProbationOut(MemberRefOut):
    admitted_on: dt.date = Field(description="ngày kết nạp")
    ends_on: dt.date = Field(description="hết 12 tháng dự bị (M7)")
    vote_due: dt.date = Field(description="hạn chi bộ biểu quyết: 30 ngày làm việc sau khi hết dự bị")
    overdue: bool

    @staticmethod
    def resolve_admitted_on(obj):
        return obj.member.admitted_on


class RecognizedOut(Schema):
    member_id: int
    status: MemberStatus
    official_on: dt.date | None = Field(description="ngày chính thức: ngày hết 12 tháng dự bị")
    notices: list[NoticeOut] = Field(description="điều được phép khi có lý do (đã ghi trong ghi chú)")


class StruckOffOut(Schema):
    member_id: int
    status: MemberStatus


class ScreeningCaseOut(MemberRefOut):
    status: MemberStatus
    reasons: list[str] = Field(description="lý do tìm thấy trong dữ liệu")

    @staticmethod
    def resolve_status(obj):
        return obj.member.status


class ScreeningDecisionOut(Schema):
    id: int
    member_id: int
    outcome: Outcome
    outcome_name: str
    decided_on: dt.date
    reasons: str
    decision_ref: str
    note: str

    @staticmethod
    def resolve_outcome_name(obj):
        return obj.get_outcome_display()


class AdmissionBadgeOut(MemberRefOut):
    date_of_birth: dt.date
    admitted_on: dt.date = Field(description="ngày vào Đảng")
    years: int = Field(description="Huy hiệu (30, 40, 45 … năm tuổi đảng)")
    reached_on: dt.date = Field(description="ngày đủ tuổi đảng")
    seniority_years: int = Field(description="tuổi đảng ngày xét: số năm")
    seniority_months: int = Field(description="và số tháng")

    @staticmethod
    def resolve_date_of_birth(obj):
        return obj.member.date_of_birth

    @staticmethod
    def resolve_admitted_on(obj):
        return obj.member.admitted_on

    @staticmethod
    def resolve_seniority_years(obj):
        return obj.seniority[0]

    @staticmethod
    def resolve_seniority_months(obj):
        return obj.seniority[1]


# --- input ---------------------------------------------------------------------------------------------------------

class AdmissionPlanFilters(Schema):
    org: int = Field(description="tổ chức: chỉ tiêu của nó và của các tổ chức trực thuộc")
    year: int | None = Field(None, ge=1990, le=2100, description="năm (mặc định: năm nay)")


class AdmissionDayFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="ngày xét (mặc định: hôm nay)")


class BadgeFilters(Schema):
    org: int = Field(description="tổ chức (cả cây trực thuộc)")
    on: dt.date | None = Field(None, description="ngày trao Huy hiệu (mặc định: ngày 03/02 tới)")


class PlanIn(In):
    org_id: int = Field(description="tổ chức được giao (trực thuộc cấp ủy của người giao)")
    year: int = Field(ge=1990, le=2100)
    quota: int = Field(ge=0, description="chỉ tiêu kết nạp")
    decided_on: dt.date = Field(description="ngày giao")
    document_ref: str = Field("", max_length=120, description="văn bản giao chỉ tiêu")


class RecognitionIn(In):
    vote_on: dt.date = Field(description="ngày chi bộ biểu quyết")
    yes: int = Field(ge=0, description="số đảng viên chính thức tán thành")
    eligible: int = Field(ge=1, description="tổng số đảng viên chính thức của chi bộ")
    attempt: int = Field(1, ge=1, description="lần biểu quyết")
    decision_ref: str = Field(max_length=120, description="số quyết định công nhận")
    decided_on: dt.date = Field(description="ngày quyết định")
    note: str = Field("", description="lý do (bắt buộc khi chi bộ biểu quyết quá hạn)")


class StrikeOffIn(In):
    decided_on: dt.date = Field(description="ngày quyết định")
    decision_ref: str = Field(max_length=120, description="số quyết định")
    reason: str = Field(description="lý do không công nhận")


class ScreeningIn(In):
    outcome: Outcome = Field(description="strike_off: xóa tên; dismiss: cho ra khỏi Đảng; keep: giữ lại")
    decided_on: dt.date = Field(description="ngày quyết định")
    reasons: str = Field(description="lý do rà soát")
    decision_ref: str = Field("", max_length=120, description="số quyết định (khi xóa tên, cho ra khỏi Đảng)")
    note: str = Field("", description="bắt buộc khi giữ lại: lý do, biện pháp giáo dục")


class SeniorityOut(Schema):
    member_id: int
    on: dt.date
    years: int | None = Field(description="tuổi đảng: số năm tròn (trống: chưa là đảng viên chính thức)")
    months: int | None = Field(description="và số tháng")
    since: dt.date | None = Field(description="ngày tuổi đảng bắt đầu nếu không có thời gian gián đoạn (M10)")


@router.get("/admissions/seniority/{member_id}", response={200: SeniorityOut, **ERRORS},
            summary="Tuổi đảng của một đảng viên đến một ngày (M10): từ ngày quyết định kết nạp, trừ thời gian không "
                    "sinh hoạt đảng")
def seniority(request, member_id: int, on: dt.date | None = None):
    member = _member(request.auth, member_id)
    day = on or today()
    found = selectors.seniority_of(member, day)
    return {"member_id": member.pk, "on": day, "years": found.years if found else None,
            "months": found.months if found else None, "since": found.since if found else None}


# --- helpers --------------------------------------------------------------------------------------------------------

def _member(user, pk: int) -> Member:
    return member_selectors.member_get(user=user, pk=pk)


def _plan(row: AdmissionPlan | None) -> dict | None:
    if row is None:
        return None
    return {"org_id": row.org_id, "year": row.year, "quota": row.quota, "decided_on": row.decided_on,
            "document_ref": row.document_ref}


def _progress(vs_plan, count) -> dict:
    if vs_plan is not None:
        return {"admitted": vs_plan.numerator, "planned": vs_plan.denominator, "percent": None if vs_plan.value is None else float(vs_plan.value)}
    return {"admitted": count.numerator if count else 0, "planned": None, "percent": None}


# --- endpoints ------------------------------------------------------------------------------------------------------

@router.get("/admissions/plans", response={200: PlansOut, **ERRORS},
            summary="Chỉ tiêu kết nạp của một tổ chức và các tổ chức trực thuộc trong năm, với tiến độ thực hiện")
def plan_list(request, filters: Query[AdmissionPlanFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org")
    year = filters.year or today().year
    period = year_period(year)
    plans = {p.org_id: p for p in selectors.plans_of(user=user, org=org, year=year)}
    kids = list(org_selectors.org_children(user=user, org=org).select_related("type"))
    vs_plan = registry.measure_children("admissions_vs_plan", org=org, period=period, kids=kids)
    admitted = registry.measure_children("admissions_count", org=org, period=period, kids=kids)
    own = _progress(registry.measure("admissions_vs_plan", org=org, period=period),
                    registry.measure("admissions_count", org=org, period=period))
    children = [{"org_id": kid.pk, "org_name": kid.name, "plan": _plan(plans.get(kid.pk)),
                 "progress": _progress(vs_plan.get(kid.pk), admitted.get(kid.pk))} for kid in kids]
    return {"org_id": org.pk, "org_name": org.name, "year": year, "plan": _plan(plans.get(org.pk)),
            "progress": own, "may_set": bool(kids) and scope_for(user).may_decide_for(org.path), "children": children}


@router.post("/admissions/plans", response={200: AdmissionPlanOut, **ERRORS},
             summary="Giao (hoặc sửa) chỉ tiêu kết nạp năm cho một tổ chức — do cấp ủy cấp trên trực tiếp giao")
def plan_set(request, payload: PlanIn):
    user = request.auth
    org = org_in_scope(user, payload.org_id, "org_id")
    row = services.plan_set(actor=user, org=org, year=payload.year, quota=payload.quota,
                            decided_on=payload.decided_on, document_ref=payload.document_ref)
    return _plan(row)


@router.get("/admissions/probations", response={200: list[ProbationOut], **ERRORS},
            summary="Đảng viên dự bị sắp hết hoặc đã hết 12 tháng dự bị, hạn chi bộ biểu quyết (M7); sớm nhất trước")
@paginate(Page)
def probation_list(request, filters: Query[AdmissionDayFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return selectors.probations_due(user=request.auth, org=org, on=filters.on or today())


@router.post("/admissions/probations/{member_id}/recognition", response={201: RecognizedOut, **ERRORS},
             summary="Công nhận đảng viên chính thức sau biểu quyết của chi bộ (M7, M8) — cấp ủy cấp trên của tổ "
                     "chức cơ sở đảng quyết định")
def recognition_record(request, member_id: int, payload: RecognitionIn):
    user = request.auth
    member = _member(user, member_id)
    notice = services.recognition_record(actor=user, member=member, **payload.model_dump())
    member.refresh_from_db()
    return Status(201, {"member_id": member.pk, "status": member.status, "official_on": member.official_on,
                        "notices": [notice] if notice else []})


@router.post("/admissions/probations/{member_id}/strike-off", response={201: StruckOffOut, **ERRORS},
             summary="Không công nhận: xóa tên trong danh sách đảng viên dự bị (M9) — cấp ủy cấp trên của tổ chức "
                     "cơ sở đảng quyết định")
def probation_strike_off(request, member_id: int, payload: StrikeOffIn):
    user = request.auth
    member = _member(user, member_id)
    services.probation_strike_off(actor=user, member=member, **payload.model_dump())
    member.refresh_from_db()
    return Status(201, {"member_id": member.pk, "status": member.status})


@router.get("/admissions/screening", response={200: list[ScreeningCaseOut], **ERRORS},
            summary="Rà soát, sàng lọc (M11): đảng viên cần xem xét, với lý do tìm thấy trong dữ liệu")
@paginate(Page)
def screening_list(request, filters: Query[AdmissionDayFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return screening_selectors.screening(user=request.auth, org=org, on=filters.on or today())


@router.post("/admissions/screening/{member_id}", response={201: ScreeningDecisionOut, **ERRORS},
             summary="Ghi kết quả rà soát một đảng viên: xóa tên, cho ra khỏi Đảng, hoặc giữ lại — chi bộ, cấp ủy "
                     "quản lý đảng viên ghi")
def screening_decide(request, member_id: int, payload: ScreeningIn):
    user = request.auth
    member = _member(user, member_id)
    if member.org is not None:
        require_write(user, member.org.path)
    data = payload.model_dump()
    data["outcome"] = payload.outcome.value
    return Status(201, services.screening_decide(actor=user, member=member, **data))


@router.get("/admissions/badges", response={200: list[AdmissionBadgeOut], **ERRORS},
            summary="Đảng viên đủ tuổi đảng nhận Huy hiệu (30, 40, 45 … năm) vào ngày trao (M10, M16)")
@paginate(Page)
def badge_list(request, filters: Query[BadgeFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    return selectors.badges_due(user=request.auth, org=org, on=filters.on or next_award_day(today()))


@router.get("/admissions/badges.xlsx", response=ERRORS,
            summary="Danh sách đề nghị tặng Huy hiệu Đảng (XLSX) — như trang Huy hiệu",
            openapi_extra={"responses": {200: {"description": "tệp XLSX", "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def badge_xlsx(request, filters: Query[BadgeFilters]):
    org = org_in_scope(request.auth, filters.org, "org")
    on = filters.on or next_award_day(today())
    rows = selectors.badges_due(user=request.auth, org=org, on=on)
    response = HttpResponse(exports.badges_xlsx(rows, on), content_type=XLSX)
    name = f"Danh sách đề nghị tặng Huy hiệu Đảng {on:%d-%m-%Y} - {org.name}.xlsx".replace("/", "-")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
