"""K7–K9: discipline proposals from a case (the proposal, the vote, the decision — written once as the member's
or the org's ``DisciplineDecision``), and complaints against a discipline decision (received, accepted or not,
decided). Confidential like the cases: the handling inspection commission and the named officials only."""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangbo.core.api import ERRORS, Id, In
from dangbo.inspection import selectors, services
from dangbo.inspection.api.cases import ProposalOut
from dangbo.inspection.api.common import (
    TAG,
    P,
    ReadPage,
    case_in_scope,
    complaint_in_scope,
    field_of,
    member_in_scope,
    proposal_in_scope,
    writing,
)
from dangbo.inspection.choices import Body, ComplaintRefusal, ComplaintResult, ViolationField
from dangbo.members.choices import DisciplineForm
from dangbo.orgs.api import org_in_scope

router = Router(tags=[TAG])


class ProposalIn(In):
    member: Id | None = Field(None, description="đảng viên là đối tượng của cuộc kiểm tra (hoặc org)")
    org: Id | None = Field(None, description="tổ chức là đối tượng của cuộc kiểm tra (hoặc member)")
    form: DisciplineForm
    reason: str = Field(max_length=20000)
    violation_from: dt.date
    violation_to: dt.date | None = None
    violation_field: ViolationField = ViolationField.ORDINARY
    higher_task: bool = Field(False, description="vi phạm khi thực hiện nhiệm vụ do cấp trên giao")
    deciding_org: Id = Field(description="tổ chức có thẩm quyền quyết định")
    body: Body = Field(description="chủ thể quyết định")
    proposed_on: dt.date


class VoteIn(In):
    voted_on: dt.date
    votes_for: int = Field(ge=0, le=10000)
    votes_against: int = Field(ge=0, le=10000)
    eligible: int = Field(ge=1, le=10000, description="số người được biểu quyết")


class DecideIn(In):
    decided_on: dt.date
    decision_ref: str = Field("", max_length=80)


class ComplaintOut(Schema):
    id: int
    decision_id: int = Field(description="quyết định kỷ luật bị khiếu nại")
    org_id: int = Field(description="tổ chức giải quyết")
    body: Body
    received_on: dt.date
    decision_received_on: dt.date | None
    accepted: bool | None = Field(description="thụ lý")
    refusal_reason: ComplaintRefusal | None
    due_on: dt.date | None
    result: ComplaintResult | None
    result_note: str
    resolved_on: dt.date | None

    @staticmethod
    def resolve_refusal_reason(obj):
        return obj.refusal_reason or None

    @staticmethod
    def resolve_result(obj):
        return obj.result or None


class ComplaintIn(In):
    org: Id = Field(description="tổ chức giải quyết")
    decision: Id = Field(description="quyết định kỷ luật bị khiếu nại")
    body: Body = Body.COMMISSION
    received_on: dt.date
    decision_received_on: dt.date | None = Field(None, description="ngày người khiếu nại nhận quyết định")
    handled_above: bool = Field(False, description="đã được cấp có thẩm quyền cao nhất giải quyết")
    court_sentence: bool = Field(False, description="đã bị tòa án tuyên án")
    on_behalf: bool = Field(False, description="khiếu nại hộ, khiếu nại tập thể")
    refused_decision: bool = Field(False, description="người khiếu nại không nhận quyết định")
    moved_away: bool = Field(False, description="không còn sinh hoạt tại tổ chức đảng")


class ComplaintDecideIn(In):
    result: ComplaintResult
    resolved_on: dt.date
    note: str = Field(max_length=20000)


@router.post(f"{P}/cases/{{case_id}}/proposals", response={201: ProposalOut, **ERRORS},
             summary="Đề nghị kỷ luật một đối tượng của cuộc kiểm tra (thẩm quyền K7, thời hiệu K8 là cảnh báo)")
def proposal_create(request, case_id: Id, payload: ProposalIn):
    user = request.auth
    case = case_in_scope(user, case_id)
    member = member_in_scope(user, payload.member, "member") if payload.member is not None else None
    org = org_in_scope(user, payload.org, "org") if payload.org is not None else None
    deciding = org_in_scope(user, payload.deciding_org, "deciding_org")
    with writing("case_id"):
        return Status(201, services.proposal_create(
            actor=user, case=case, member=member, org=org, form=payload.form.value, reason=payload.reason,
            violation_from=payload.violation_from, violation_to=payload.violation_to,
            violation_field=payload.violation_field.value, higher_task=payload.higher_task, deciding_org=deciding,
            body=payload.body.value, proposed_on=payload.proposed_on))


@router.post(f"{P}/proposals/{{proposal_id}}/vote", response={200: ProposalOut, **ERRORS},
             summary="Ghi kết quả biểu quyết kỷ luật (không đủ đa số: đề nghị bị bác)")
def proposal_vote(request, proposal_id: Id, payload: VoteIn):
    user = request.auth
    row = proposal_in_scope(user, proposal_id)
    with writing("proposal_id"):
        return services.proposal_vote(actor=user, proposal=row, voted_on=payload.voted_on,
                                      votes_for=payload.votes_for, votes_against=payload.votes_against,
                                      eligible=payload.eligible)


@router.post(f"{P}/proposals/{{proposal_id}}/decide", response={200: ProposalOut, **ERRORS},
             summary="Quyết định kỷ luật theo đề nghị đã biểu quyết (ghi vào hồ sơ kỷ luật của đảng viên, tổ chức)")
def proposal_decide(request, proposal_id: Id, payload: DecideIn):
    user = request.auth
    row = proposal_in_scope(user, proposal_id)
    with writing("proposal_id"):
        return services.proposal_decide(actor=user, proposal=row, decided_on=payload.decided_on,
                                        decision_ref=payload.decision_ref)


@router.post(f"{P}/complaints", response={201: ComplaintOut, **ERRORS},
             summary="Tiếp nhận khiếu nại một quyết định kỷ luật: thụ lý (tính thời hạn) hoặc không, với lý do")
def complaint_receive(request, payload: ComplaintIn):
    user = request.auth
    org = org_in_scope(user, payload.org, "org")
    with field_of("decision"):
        decision = selectors.discipline_decision_get(user=user, pk=payload.decision)
    with writing("org"):
        return Status(201, services.complaint_receive(
            actor=user, org=org, decision=decision, received_on=payload.received_on,
            decision_received_on=payload.decision_received_on, body=payload.body.value,
            handled_above=payload.handled_above, court_sentence=payload.court_sentence, on_behalf=payload.on_behalf,
            refused_decision=payload.refused_decision, moved_away=payload.moved_away))


@router.post(f"{P}/complaints/{{complaint_id}}/decide", response={200: ComplaintOut, **ERRORS},
             summary="Ghi kết quả giải quyết khiếu nại kỷ luật")
def complaint_decide(request, complaint_id: Id, payload: ComplaintDecideIn):
    user = request.auth
    row = complaint_in_scope(user, complaint_id)
    with writing("complaint_id"):
        return services.complaint_decide(actor=user, complaint=row, result=payload.result.value,
                                         resolved_on=payload.resolved_on, note=payload.note)


# --- added in wave 3: the complaints' list (GET on the path of the POST above: one router holds both) ----------


class ComplaintFilters(Schema):
    org: Id | None = Field(None, description="tổ chức giải quyết (cả cây trực thuộc)")


@router.get(f"{P}/complaints", response={200: list[ComplaintOut], **ERRORS},
            summary="Các đơn khiếu nại kỷ luật người dùng được xem (hồ sơ mật; mỗi lần xem được ghi nhật ký)")
@paginate(ReadPage)
def complaint_list(request, filters: Query[ComplaintFilters]):
    user = request.auth
    org = org_in_scope(user, filters.org, "org") if filters.org is not None else None
    return selectors.complaint_query(user=user, org=org)
