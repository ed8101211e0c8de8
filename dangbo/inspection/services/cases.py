"""K2, K4: cases — opened by the handling body, stepped through their phases, concluded, followed up — and who is
named on a confidential record. Writes need an inspection grant over the handling org; a cell checking its own
members (body "cell") may open its case with its ordinary write grant, and is then named on it."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.inspection import rules
from dangbo.inspection.choices import COMMISSION_ONLY, STEP_PHASE, Body, CaseBody, Origin, Step, WorkKind
from dangbo.inspection.models import Case, CaseAccess, CaseStep, CaseSubject, Denunciation, FollowUp, PlanItem
from dangbo.inspection.services.common import (
    active_on,
    choice,
    existed_by,
    log,
    need,
    require_case_write,
    require_inspection,
    under,
    user_of,
)
from dangbo.members.models import Member
from dangbo.orgs.models import Org

CASE_FIELDS = ("body", "kind", "origin", "plan_item", "topic", "decision_number", "decided_on", "team")


def _require_open(actor, org: Org, body: str) -> bool:
    """True when the actor opens it as the cell itself (then named on the case)."""
    scope = scope_for(actor)
    if scope.covers_inspection(org.path):
        return False
    if body == Body.CELL and scope.covers_path(org.path, write=True):
        return True
    raise OutOfScope()


def _check_case(case: Case, orgs, members) -> None:
    choice(case.body, CaseBody, "body", "Chủ thể")
    choice(case.kind, WorkKind, "kind", "Loại công việc")
    choice(case.origin, Origin, "origin", "Nguồn")
    need(case.topic, "topic", "nội dung")
    need(case.decided_on, "decided_on", "ngày quyết định")
    if case.body == Body.CELL and not case.org.type.is_cell:
        raise DomainError("Chủ thể “chi bộ” chỉ dùng cho chi bộ.", field="body")
    if case.body == Body.COMMISSION and case.org.type.is_cell:
        raise DomainError("Chi bộ không có ủy ban kiểm tra.", field="body")
    if case.body == CaseBody.ADVISORY and case.org.type.is_cell:
        raise DomainError("Chi bộ không có cơ quan tham mưu, giúp việc.", field="body")
    if case.kind in COMMISSION_ONLY and case.body != Body.COMMISSION:
        raise DomainError(f"“{WorkKind(case.kind).label}” do ủy ban kiểm tra thực hiện (K1).", field="kind")
    rules.check_body_work(case.body, case.kind, case.decided_on)
    active_on(case.org, case.decided_on, "decided_on")
    if case.origin == Origin.PLANNED:
        item = case.plan_item
        if item is None:
            raise DomainError("Cuộc kiểm tra theo kế hoạch phải ghi nội dung kế hoạch.", field="plan_item")
        if item.programme.org_id != case.org_id:
            raise DomainError("Nội dung kế hoạch không thuộc kế hoạch của tổ chức quyết định.", field="plan_item")
    if not orgs and not members:
        raise DomainError("Phải ghi ít nhất một tổ chức hoặc đảng viên là đối tượng.", field="subjects")
    for org in orgs:
        under(org, case.org, "subjects")
        existed_by(org, case.decided_on, "subjects")
    for member in members:
        if member.org_id is None or not member.org.path.startswith(case.org.path):
            raise DomainError(f"Đảng viên {member.full_name} không thuộc {case.org.name}.", field="subjects")


@transaction.atomic
def case_open(*, actor, org: Org, data: dict, orgs=(), members=(), team_members=()) -> Case:
    """Open a case decided by ``org`` (K2, K4) on its subjects (orgs, members), with the decision step."""
    body = data.get("body", "")
    as_cell = _require_open(actor, org, body)
    case = Case(org=org, created_by=user_of(actor))
    for key in CASE_FIELDS:
        if key in data:
            setattr(case, key, data[key].strip() if isinstance(data[key], str) else data[key])
    if isinstance(case.plan_item, PlanItem):
        case.plan_item = PlanItem.objects.select_related("programme").get(pk=case.plan_item.pk)
    orgs = list(Org.objects.filter(pk__in=[o.pk for o in orgs]))
    members = list(Member.objects.select_related("org").filter(pk__in=[m.pk for m in members]))
    _check_case(case, orgs, members)
    case.save()
    CaseSubject.objects.bulk_create([CaseSubject(case=case, org=o) for o in orgs]
                                    + [CaseSubject(case=case, member=m) for m in members])
    if team_members:
        case.team_members.set(team_members)
    CaseStep.objects.create(case=case, phase=STEP_PHASE[Step.DECISION], step=Step.DECISION, date=case.decided_on,
                            document_number=case.decision_number)
    if as_cell:
        CaseAccess.objects.create(user=user_of(actor), case=case, granted_by=user_of(actor))
    log(actor=actor, action="inspection_case_open", row=case, before=None, path=org.path)
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("org").get(pk=case.pk)


@transaction.atomic
def case_step_add(*, actor, case: Case, step: str, date: dt.date, document_number: str = "",
                  note: str = "") -> CaseStep:
    """K4: a dated step of its phase, on or after the decision."""
    case = _locked(case)
    require_case_write(actor, case)
    choice(step, Step, "step", "Bước")
    need(date, "date", "ngày của bước")
    rules.check_step(step, STEP_PHASE[step], date, case.decided_on)
    row = CaseStep.objects.create(case=case, phase=STEP_PHASE[step], step=step, date=date,
                                  document_number=document_number.strip(), note=note.strip())
    log(actor=actor, action="inspection_case_step", row=row, before=None, path=case.org.path)
    return row


@transaction.atomic
def case_conclude(*, actor, case: Case, conclusion: str, concluded_on: dt.date, violation_found: bool) -> Case:
    """The deciding body's conclusion (K4), with whether a violation was found."""
    case = _locked(case)
    require_case_write(actor, case)
    before = audit.snapshot(case)
    case.conclusion = need(conclusion, "conclusion", "nội dung kết luận")
    case.concluded_on = need(concluded_on, "concluded_on", "ngày kết luận")
    if concluded_on < case.decided_on:
        raise DomainError("Ngày kết luận không được trước ngày quyết định.", field="concluded_on")
    case.violation_found = bool(violation_found)
    case.save()
    log(actor=actor, action="inspection_case_conclude", row=case, before=before, path=case.org.path)
    return case


@transaction.atomic
def access_grant(*, actor, user, case: Case | None = None, denunciation: Denunciation | None = None,
                 may_see_denouncer: bool = False) -> CaseAccess:
    """Name ``user`` on a case or a denunciation (the officials of the competent committee, the team); only an
    inspection grant over the record's org names people, and the denouncer only on a denunciation."""
    if (case is None) == (denunciation is None):
        raise DomainError("Chọn một cuộc kiểm tra hoặc một đơn tố cáo.", field="case")
    record = case or denunciation
    org = Org.objects.get(pk=record.org_id)
    require_inspection(actor, org)
    if case is not None and may_see_denouncer:
        raise DomainError("Chỉ đơn tố cáo có người tố cáo.", field="may_see_denouncer")
    user = get_user_model().objects.get(pk=user.pk)
    row, _ = CaseAccess.objects.update_or_create(user=user, case=case, denunciation=denunciation, defaults={
        "may_see_denouncer": may_see_denouncer, "granted_by": user_of(actor)})
    log(actor=actor, action="inspection_access_grant", row=row, before=None, path=org.path)
    return row


@transaction.atomic
def follow_up_add(*, actor, case: Case, recommendation: str, due_on: dt.date, org: Org | None = None,
                  member: Member | None = None) -> FollowUp:
    """A recommendation of the conclusion: who must do what by when."""
    case = _locked(case)
    require_case_write(actor, case)
    need(recommendation, "recommendation", "nội dung kiến nghị")
    need(due_on, "due_on", "thời hạn")
    if case.concluded_on is None:
        raise DomainError("Cuộc kiểm tra chưa có kết luận.", field="case")
    if due_on < case.concluded_on:
        raise DomainError("Thời hạn không được trước ngày kết luận.", field="due_on")
    if org is None and member is None:
        raise DomainError("Phải ghi tổ chức hoặc đảng viên thực hiện.", field="org")
    if org is not None:
        existed_by(org, case.concluded_on, "org")
    row = FollowUp.objects.create(case=case, recommendation=recommendation.strip(), due_on=due_on, org=org,
                                  member=member)
    log(actor=actor, action="inspection_follow_up_add", row=row, before=None, path=case.org.path)
    return row


@transaction.atomic
def follow_up_close(*, actor, follow_up: FollowUp, done_on: dt.date, note: str = "") -> FollowUp:
    row = FollowUp.objects.select_for_update(of=("self",)).select_related("case__org").get(pk=follow_up.pk)
    require_case_write(actor, row.case)
    need(done_on, "done_on", "ngày hoàn thành")
    if row.case.concluded_on and done_on < row.case.concluded_on:
        raise DomainError("Ngày hoàn thành không được trước ngày kết luận.", field="done_on")
    before = audit.snapshot(row)
    row.done_on, row.note = done_on, note.strip() or row.note
    row.save()
    log(actor=actor, action="inspection_follow_up_close", row=row, before=before, path=row.case.org.path)
    return row
