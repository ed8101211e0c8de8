"""K2, K4: cases — the list of those the user may see (confidential: the handling inspection commission and the
named officials only; each case listed or opened is a logged read), one case with its subjects, steps, follow-ups
and proposals, opening one, adding a step, the conclusion, the follow-ups and their completion."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Id, In
from dangbo.inspection import selectors, services
from dangbo.inspection.api.common import (
    TAG,
    P,
    ReadPage,
    case_in_scope,
    field_of,
    member_in_scope,
    members_in_scope,
    orgs_in_scope,
    plan_item_in_scope,
    writing,
)
from dangbo.inspection.choices import Body, CaseBody, Origin, Phase, ProposalStatus, Step, WorkKind
from dangbo.members.choices import DisciplineForm
from dangbo.orgs.api import org_in_scope

router = Router(tags=[TAG])


class CaseOut(Schema):
    id: int
    org_id: int = Field(description="tổ chức quyết định (phạm vi của hồ sơ)")
    org_name: str
    body: CaseBody
    kind: WorkKind
    origin: Origin
    plan_item_id: int | None
    topic: str
    decision_number: str
    decided_on: dt.date
    concluded_on: dt.date | None
    violation_found: bool | None

    @staticmethod
    def resolve_org_name(obj):
        return obj.org.name


class SubjectOut(Schema):
    id: int
    org_id: int | None
    member_id: int | None
    name: str = Field(description="tên tổ chức hoặc họ tên đảng viên")

    @staticmethod
    def resolve_name(obj):
        return obj.member.full_name if obj.member_id else obj.org.name


class CaseStepOut(Schema):
    id: int
    phase: Phase
    step: Step
    date: dt.date
    document_number: str
    note: str


class FollowUpOut(Schema):
    id: int
    case_id: int
    recommendation: str
    org_id: int | None = Field(description="tổ chức thực hiện")
    member_id: int | None = Field(description="đảng viên thực hiện")
    due_on: dt.date
    done_on: dt.date | None
    note: str


class ProposalOut(Schema):
    id: int
    case_id: int
    member_id: int | None
    org_id: int | None
    form: DisciplineForm
    reason: str
    violation_from: dt.date
    violation_to: dt.date | None
    deciding_org_id: int
    body: Body
    proposed_on: dt.date
    status: ProposalStatus
    voted_on: dt.date | None
    votes_for: int | None
    votes_against: int | None
    eligible: int | None
    limitation_expires_on: dt.date | None
    limitation_warning: str = Field(description="cảnh báo hết thời hiệu (không chặn việc xử lý)")
    decision_id: int | None = Field(description="quyết định kỷ luật đã ghi (hồ sơ đảng viên)")


class CaseDetailOut(CaseOut):
    team: str
    conclusion: str
    subjects: list[SubjectOut]
    steps: list[CaseStepOut]
    follow_ups: list[FollowUpOut]
    proposals: list[ProposalOut]
    may_write: bool = Field(description="người dùng được ghi hồ sơ này")

    @staticmethod
    def resolve_subjects(obj):
        return obj.parts["subjects"]

    @staticmethod
    def resolve_steps(obj):
        return obj.parts["steps"]

    @staticmethod
    def resolve_follow_ups(obj):
        return obj.parts["follow_ups"]

    @staticmethod
    def resolve_proposals(obj):
        return obj.parts["proposals"]


class CaseFilters(Schema):
    org: Id | None = Field(None, description="tổ chức quyết định (cả cây trực thuộc)")
    q: str = Field("", max_length=100, description="họ tên đảng viên là đối tượng, hoặc từ trong nội dung")
    kind: WorkKind | None = None
    year: int | None = Field(None, ge=1945, le=2100, description="năm quyết định")


class CaseIn(In):
    org: Id = Field(description="tổ chức quyết định")
    body: CaseBody = Field(description="chủ thể (advisory: cơ quan tham mưu, giúp việc cấp ủy — chỉ kiểm tra chấp "
                                       "hành, giám sát; K1)")
    kind: WorkKind
    origin: Origin
    plan_item: Id | None = Field(None, description="nội dung kế hoạch (bắt buộc khi theo kế hoạch)")
    topic: str = Field(max_length=500)
    decision_number: str = Field("", max_length=60)
    decided_on: dt.date
    team: str = Field("", max_length=2000)
    subject_orgs: list[Id] = Field([], max_length=200, description="tổ chức là đối tượng")
    subject_members: list[Id] = Field([], max_length=200, description="đảng viên là đối tượng")
    team_members: list[Id] = Field([], max_length=50, description="thành viên đoàn là đảng viên trong hệ thống")


class CaseStepIn(In):
    step: Step
    date: dt.date
    document_number: str = Field("", max_length=60)
    note: str = Field("", max_length=2000)


class ConcludeIn(In):
    conclusion: str = Field(max_length=20000)
    concluded_on: dt.date
    violation_found: bool


class FollowUpIn(In):
    recommendation: str = Field(max_length=5000)
    due_on: dt.date
    org: Id | None = Field(None, description="tổ chức thực hiện (hoặc member)")
    member: Id | None = Field(None, description="đảng viên thực hiện (hoặc org)")


class FollowUpCloseIn(In):
    done_on: dt.date
    note: str = Field("", max_length=2000)


def detail(user, case):
    """The case with its parts (``CaseDetailOut`` reads them from ``parts``) and whether the user may write it."""
    case.parts = selectors.case_parts(case)
    case.may_write = selectors.may_write_case(user, case)
    return case


@router.get(f"{P}/cases", response={200: list[CaseOut], **ERRORS},
            summary="Các cuộc kiểm tra, giám sát người dùng được xem (hồ sơ mật; mỗi lần xem được ghi nhật ký)")
@paginate(ReadPage)
def case_list(request, filters: Query[CaseFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org") if filters.org is not None else None
    return selectors.case_query(user=user, org=org, q=filters.q, kind=filters.kind.value if filters.kind else "",
                                year=filters.year)


@router.get(f"{P}/cases/{{case_id}}", response={200: CaseDetailOut, **ERRORS},
            summary="Một cuộc kiểm tra, giám sát: đối tượng, các bước, kiến nghị, đề nghị kỷ luật")
def case_detail(request, case_id: Id):
    return detail(request.auth, case_in_scope(request.auth, case_id))


@router.post(f"{P}/cases", response={201: CaseDetailOut, **ERRORS},
             summary="Quyết định một cuộc kiểm tra, giám sát (mở hồ sơ)")
def case_open(request, payload: CaseIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    data = payload.dict(include={"topic", "decision_number", "decided_on", "team"})
    data.update(body=payload.body.value, kind=payload.kind.value, origin=payload.origin.value,
                plan_item=plan_item_in_scope(user, payload.plan_item, "plan_item") if payload.plan_item else None)
    orgs = orgs_in_scope(user, payload.subject_orgs, "subject_orgs")
    members = members_in_scope(user, payload.subject_members, "subject_members")
    team = members_in_scope(user, payload.team_members, "team_members")
    with writing("org"):
        case = services.case_open(actor=user, org=org, data=data, orgs=orgs, members=members, team_members=team)
    return Status(201, detail(user, case))


@router.post(f"{P}/cases/{{case_id}}/steps", response={201: CaseStepOut, **ERRORS},
             summary="Ghi một bước của cuộc kiểm tra, giám sát")
def step_add(request, case_id: Id, payload: CaseStepIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    with writing("case_id"):
        return Status(201, services.case_step_add(actor=user, case=case, step=payload.step.value, date=payload.date,
                                                  document_number=payload.document_number, note=payload.note))


@router.post(f"{P}/cases/{{case_id}}/conclude", response={200: CaseOut, **ERRORS},
             summary="Ghi kết luận của cuộc kiểm tra, giám sát")
def conclude(request, case_id: Id, payload: ConcludeIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    with writing("case_id"):
        return services.case_conclude(actor=user, case=case, conclusion=payload.conclusion,
                                      concluded_on=payload.concluded_on, violation_found=payload.violation_found)


@router.post(f"{P}/cases/{{case_id}}/follow-ups", response={201: FollowUpOut, **ERRORS},
             summary="Ghi một kiến nghị của kết luận: ai phải khắc phục gì, hạn nào")
def follow_up_add(request, case_id: Id, payload: FollowUpIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    org = org_in_scope(user, payload.org, "org") if payload.org is not None else None
    member = member_in_scope(user, payload.member, "member") if payload.member is not None else None
    with writing("case_id"):
        return Status(201, services.follow_up_add(actor=user, case=case, recommendation=payload.recommendation,
                                                  due_on=payload.due_on, org=org, member=member))


@router.post(f"{P}/cases/{{case_id}}/follow-ups/{{follow_up_id}}/close", response={200: FollowUpOut, **ERRORS},
             summary="Ghi ngày hoàn thành một kiến nghị")
def follow_up_close(request, case_id: Id, follow_up_id: Id, payload: FollowUpCloseIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    with field_of("follow_up_id"):
        row = selectors.follow_up_get(case=case, pk=follow_up_id)
    with writing("case_id"):
        return services.follow_up_close(actor=user, follow_up=row, done_on=payload.done_on, note=payload.note)
