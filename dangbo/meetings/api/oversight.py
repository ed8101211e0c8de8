"""The cell's thematic plan and the superior's oversight over JSON (003): the yearly topic plan the cell writes
and its superior approves, the committee members assigned to attend a cell's meetings, and the six-monthly
check with its findings. Decisions of the superior answer 403 to a user who does not act for it."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from dangbo.core.api import ERRORS, In
from dangbo.core.exceptions import get_or_out_of_scope
from dangbo.meetings import services
from dangbo.meetings.api.common import cell_of, member_of, org_of
from dangbo.meetings.models import TopicPlan
from dangbo.meetings.selectors import api as selectors_api
from dangbo.meetings.selectors import topic_plan_of
from dangbo.meetings.selectors.oversight import assignment_get

router = Router(tags=["Sinh hoạt chi bộ: chuyên đề, cấp trên theo dõi"])


class TopicOut(Schema):
    id: int
    quarter: int
    title: str


class TopicPlanOut(Schema):
    id: int | None = Field(description="chưa có kế hoạch: null")
    org_id: int
    year: int
    approved_on: dt.date | None = Field(description="ngày cấp trên duyệt")
    approved_ref: str
    topics: list[TopicOut]


class TopicIn(In):
    quarter: int = Field(ge=1, le=4)
    title: str = Field(max_length=255)


class TopicPlanIn(In):
    org_id: int = Field(description="chi bộ")
    year: int = Field(ge=2000, le=2100)
    topics: list[TopicIn]


class SheetApproveIn(In):
    approved_on: dt.date
    approved_ref: str = Field("", max_length=120)


class AssignmentOut(Schema):
    id: int
    org_id: int = Field(description="cấp ủy phân công")
    cell_id: int
    member_id: int
    member_name: str
    valid_from: dt.date
    valid_to: dt.date | None

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name


class AssignmentIn(In):
    cell_id: int
    member_id: int = Field(description="cấp ủy viên cấp trên")
    valid_from: dt.date


class AssignmentEndIn(In):
    valid_to: dt.date


class CheckOut(Schema):
    id: int
    org_id: int = Field(description="cấp ủy kiểm tra")
    cell_id: int
    year: int
    half: int = Field(description="1: 6 tháng đầu năm, 2: 6 tháng cuối năm")
    checked_on: dt.date
    findings: str


class CheckIn(In):
    cell_id: int
    year: int = Field(ge=2000, le=2100)
    half: int = Field(ge=1, le=2)
    checked_on: dt.date
    findings: str


def _plan_out(org, year: int, plan: TopicPlan | None) -> dict:
    if plan is None:
        return {"id": None, "org_id": org.pk, "year": year, "approved_on": None, "approved_ref": "", "topics": []}
    return {"id": plan.pk, "org_id": org.pk, "year": plan.year, "approved_on": plan.approved_on,
            "approved_ref": plan.approved_ref, "topics": list(plan.topics.all())}


@router.get("/meetings/topic-plans", response={200: TopicPlanOut, **ERRORS},
            summary="Kế hoạch sinh hoạt chuyên đề năm của chi bộ và việc cấp trên duyệt")
def topic_plan_get(request, org: int, year: int):
    cell = cell_of(request.auth, org, "org")
    return _plan_out(cell, year, topic_plan_of(org=cell, year=year))


@router.post("/meetings/topic-plans", response={200: TopicPlanOut, **ERRORS},
             summary="Chi bộ lập (sửa) kế hoạch chuyên đề năm, theo quý (khi cấp trên chưa duyệt)")
def topic_plan_save(request, payload: TopicPlanIn):
    user = request.auth
    cell = org_of(user, payload.org_id, "org_id", write=True)
    services.topic_plan_save(actor=user, org=cell, year=payload.year,
                             topics=[(t.quarter, t.title) for t in payload.topics])
    return _plan_out(cell, payload.year, topic_plan_of(org=cell, year=payload.year))


@router.post("/meetings/topic-plans/{plan_id}/approve", response={200: TopicPlanOut, **ERRORS},
             summary="Cấp ủy cấp trên duyệt kế hoạch chuyên đề của chi bộ")
def topic_plan_approve(request, plan_id: int, payload: SheetApproveIn):
    user = request.auth
    plan = get_or_out_of_scope(TopicPlan.objects.select_related("org"), pk=plan_id)
    cell = org_of(user, plan.org_id, None)
    services.topic_plan_approve(actor=user, plan=plan, approved_on=payload.approved_on,
                                approved_ref=payload.approved_ref)
    return _plan_out(cell, plan.year, topic_plan_of(org=cell, year=plan.year))


@router.get("/meetings/assignments", response={200: list[AssignmentOut], **ERRORS},
            summary="Cấp ủy viên cấp trên được phân công dự sinh hoạt chi bộ (đang hiệu lực ngày `on`, hoặc tất cả)")
def assignment_list(request, cell: int, on: dt.date | None = None):
    return list(selectors_api.assignments_of(cell=org_of(request.auth, cell, "cell"), on=on))


@router.post("/meetings/assignments", response={201: AssignmentOut, **ERRORS},
             summary="Cấp ủy cấp trên phân công cấp ủy viên dự sinh hoạt chi bộ")
def assignment_set(request, payload: AssignmentIn):
    user = request.auth
    cell = org_of(user, payload.cell_id, "cell_id")
    member = member_of(user, payload.member_id, "member_id")
    return Status(201, services.assignment_set(actor=user, cell=cell, member=member, valid_from=payload.valid_from))


@router.post("/meetings/assignments/{assignment_id}/end", response={200: AssignmentOut, **ERRORS},
             summary="Thôi phân công dự sinh hoạt")
def assignment_end(request, assignment_id: int, payload: AssignmentEndIn):
    user = request.auth
    row = assignment_get(user=user, pk=assignment_id)
    return services.assignment_end(actor=user, assignment=row, valid_to=payload.valid_to)


@router.get("/meetings/oversight-checks", response={200: list[CheckOut], **ERRORS},
            summary="Các đợt kiểm tra sinh hoạt 6 tháng của cấp trên đối với một chi bộ")
def check_list(request, cell: int, year: int | None = None):
    return list(selectors_api.oversight_checks_of(cell=org_of(request.auth, cell, "cell"), year=year))


@router.post("/meetings/oversight-checks", response={201: CheckOut, **ERRORS},
             summary="Cấp trên ghi kết quả kiểm tra sinh hoạt chi bộ 6 tháng (ghi lại: thay kết quả cũ)")
def check_record(request, payload: CheckIn):
    user = request.auth
    cell = org_of(user, payload.cell_id, "cell_id")
    row = services.oversight_check_record(actor=user, cell=cell, year=payload.year, half=payload.half,
                                          checked_on=payload.checked_on, findings=payload.findings)
    return Status(201, row)

