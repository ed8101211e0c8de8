"""K5, K9: denunciations received, screened, assigned to a case, resolved within their time limit (or withdrawn);
discipline complaints received, accepted or not, decided. The receiver is named on the letter with the right to
know the denouncer; the audit never copies the denouncer's identity (``accounts.audit.NOT_LOGGED``)."""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.accounts.scope import scope_for
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.inspection import rules
from dangbo.inspection.choices import Body, ComplaintResult, DenunciationOutcome
from dangbo.inspection.choices import DenunciationStatus as DS
from dangbo.inspection.models import Case, CaseAccess, Denunciation, DisciplineComplaint, DisciplineProposal
from dangbo.inspection.services.common import (
    active_on,
    choice,
    is_central,
    log,
    need,
    require_case_write,
    require_inspection,
    user_of,
)
from dangbo.members.models import DisciplineDecision
from dangbo.orgs.models import Org
from dangbo.orgs.selectors import placement_on
from dangbo.workdays.rules import deadline_years
from dangbo.workdays.selectors import calendar_for

LETTER_FIELDS = ("received_on", "denouncer_name", "denouncer_address", "denouncer_contact", "anonymous", "repeated",
                 "new_evidence", "specific", "subject_org", "subject_member", "content")


# Working days enough for the longest limit and its extension (180 + 30): the calendar of the years they may touch.
LONGEST = 240


def _calendar(start: dt.date):
    return calendar_for(deadline_years(start, LONGEST))


@transaction.atomic
def denunciation_receive(*, actor, org: Org, data: dict) -> Denunciation:
    """A letter received by ``org`` (its commission or committee): an inspection grant there, or — a cell
    handling a letter on its own members — its write grant. The receiver is named with the denouncer's identity."""
    scope = scope_for(actor)
    if not (scope.covers_inspection(org.path) or (org.type.is_cell and scope.covers_path(org.path, write=True))):
        raise OutOfScope()
    row = Denunciation(org=org, created_by=user_of(actor))
    for key in LETTER_FIELDS:
        if key in data:
            setattr(row, key, data[key].strip() if isinstance(data[key], str) else data[key])
    need(row.received_on, "received_on", "ngày nhận đơn")
    need(row.content, "content", "nội dung tố cáo")
    if row.subject_org is None and row.subject_member is None:
        raise DomainError("Phải ghi tổ chức hoặc đảng viên bị tố cáo.", field="subject_member")
    active_on(org, row.received_on, "received_on")
    if not row.anonymous and not row.denouncer_name:
        raise DomainError("Phải ghi họ tên người tố cáo, hoặc đánh dấu đơn nặc danh.", field="denouncer_name")
    row.save()
    CaseAccess.objects.create(user=user_of(actor), denunciation=row, may_see_denouncer=True,
                              granted_by=user_of(actor))
    log(actor=actor, action="inspection_denunciation_receive", row=row, before=None, path=org.path)
    return row


def _locked(row: Denunciation) -> Denunciation:
    return Denunciation.objects.select_for_update(of=("self",)).select_related("org__type__level").get(pk=row.pk)


def _require_letter_write(actor, row: Denunciation) -> None:
    scope = scope_for(actor)
    named = CaseAccess.objects.filter(user_id=getattr(actor, "pk", None), denunciation=row).exists()
    if not (scope.covers_inspection(row.org.path) or (named and scope.covers_path(row.org.path, write=True))):
        raise OutOfScope()


@transaction.atomic
def denunciation_screen(*, actor, denunciation: Denunciation, on: dt.date, note: str = "") -> Denunciation:
    """K5: handled (the time limit computed from the receipt, per the parameter in force then) or not handled
    with the reason."""
    row = _locked(denunciation)
    _require_letter_write(actor, row)
    before = audit.snapshot(row)
    verdict = rules.screen(rules.Letter(
        received_on=row.received_on, anonymous=row.anonymous, has_address=bool(row.denouncer_address) or
        row.anonymous, repeated=row.repeated, new_evidence=row.new_evidence, specific=row.specific))
    if verdict.ok:
        rules.check_denunciation_move(row.status, DS.SCREENED, on)
        limit = rules.denunciation_deadline(row.received_on, central=is_central(row.org),
                                            calendar=_calendar(row.received_on))
        row.status, row.due_on = DS.SCREENED, limit.due_on
        row.screening_note = note.strip() or f"{verdict.message} Thời hạn giải quyết {limit.text}."
    else:
        rules.check_denunciation_move(row.status, DS.NOT_HANDLED, on)
        row.status, row.not_handled_reason = DS.NOT_HANDLED, verdict.reason
        row.screening_note = note.strip() or verdict.message
    row.save()
    log(actor=actor, action="inspection_denunciation_screen", row=row, before=before, path=row.org.path)
    return row


@transaction.atomic
def denunciation_assign(*, actor, denunciation: Denunciation, case: Case) -> Denunciation:
    """The screened letter is handled by ``case`` (a case the actor may write, decided after the receipt)."""
    row = _locked(denunciation)
    _require_letter_write(actor, row)
    case = Case.objects.select_related("org").get(pk=case.pk)
    require_case_write(actor, case)
    rules.check_denunciation_move(row.status, DS.ASSIGNED, case.decided_on)
    if case.decided_on < row.received_on:
        raise DomainError("Cuộc giải quyết tố cáo phải quyết định sau ngày nhận đơn.", field="case")
    before = audit.snapshot(row)
    row.status, row.case = DS.ASSIGNED, case
    row.save()
    log(actor=actor, action="inspection_denunciation_assign", row=row, before=before, path=row.org.path)
    return row


@transaction.atomic
def denunciation_resolve(*, actor, denunciation: Denunciation, resolved_on: dt.date, outcome: str,
                         outcome_note: str, notified_on: dt.date | None = None) -> Denunciation:
    """The result, and the day the denouncer was told. Past the time limit it is recorded all the same."""
    row = _locked(denunciation)
    _require_letter_write(actor, row)
    need(resolved_on, "resolved_on", "ngày giải quyết xong")
    choice(outcome, DenunciationOutcome, "outcome", "Kết quả")
    if resolved_on < row.received_on:
        raise DomainError("Ngày giải quyết không được trước ngày nhận đơn.", field="resolved_on")
    if notified_on is not None and notified_on < resolved_on:
        raise DomainError("Ngày thông báo không được trước ngày giải quyết.", field="notified_on")
    rules.check_denunciation_move(row.status, DS.RESOLVED, resolved_on)
    before = audit.snapshot(row)
    row.status, row.resolved_on, row.outcome, row.notified_on = DS.RESOLVED, resolved_on, outcome, notified_on
    row.outcome_note = need(outcome_note, "outcome_note", "kết luận giải quyết tố cáo")
    row.save()
    log(actor=actor, action="inspection_denunciation_resolve", row=row, before=before, path=row.org.path)
    return row


@transaction.atomic
def denunciation_withdraw(*, actor, denunciation: Denunciation, withdrawn_on: dt.date,
                          forced: bool = False) -> Denunciation:
    """K5: a withdrawal ends the letter, unless it was forced (then the handling goes on)."""
    row = _locked(denunciation)
    _require_letter_write(actor, row)
    if forced:
        raise DomainError("Rút đơn do bị ép buộc: vẫn phải tiếp tục giải quyết.", field="forced")
    rules.check_denunciation_move(row.status, DS.WITHDRAWN, withdrawn_on)
    before = audit.snapshot(row)
    row.status, row.withdrawn_on = DS.WITHDRAWN, withdrawn_on
    row.save()
    log(actor=actor, action="inspection_denunciation_withdraw", row=row, before=before, path=row.org.path)
    return row


# --- K9: discipline complaints ---------------------------------------------------------------------------------

@transaction.atomic
def complaint_receive(*, actor, org: Org, decision: DisciplineDecision, received_on: dt.date,
                      decision_received_on: dt.date | None, body: str = Body.COMMISSION,
                      handled_above: bool = False, court_sentence: bool = False, on_behalf: bool = False,
                      refused_decision: bool = False, moved_away: bool = False) -> DisciplineComplaint:
    """A complaint against ``decision`` received by ``org``: accepted (its time limit computed) or not with the
    K9 reason. The discipline applies meanwhile (statute art. 39.9)."""
    org = Org.objects.select_related("type__level").get(pk=org.pk)
    require_inspection(actor, org)
    choice(body, Body, "body", "Chủ thể")
    need(received_on, "received_on", "ngày nhận đơn")
    active_on(org, received_on, "received_on")
    if decision_received_on is not None and decision_received_on < decision.date:
        raise DomainError("Ngày nhận quyết định không được trước ngày ra quyết định.", field="decision_received_on")
    # the decider: the proposal's deciding org and body when the decision came through one; else at least the
    # org of the disciplined member (or the disciplined org) — the complaint goes above it
    proposal = DisciplineProposal.objects.filter(decision=decision).select_related("deciding_org").first()
    decider, decider_body = (proposal.deciding_org, proposal.body) if proposal else (decision.org, "")
    rules.require(rules.complaint_level(handler_path=_path_on(org, received_on), handler_body=body,
                                        decider_path=_path_on(decider, received_on), decider_body=decider_body,
                                        on=received_on), field="org")
    verdict = rules.admissible(rules.Complaint(
        filed_on=received_on, decision_received_on=decision_received_on, handled_above=handled_above,
        court_sentence=court_sentence, on_behalf=on_behalf, refused_decision=refused_decision,
        moved_away=moved_away))
    row = DisciplineComplaint(decision=decision, org=org, body=body, received_on=received_on,
                              decision_received_on=decision_received_on, accepted=verdict.ok,
                              refusal_reason=verdict.reason, created_by=user_of(actor))
    if verdict.ok:
        row.due_on = rules.complaint_deadline(received_on, central=is_central(org),
                                              calendar=_calendar(received_on)).due_on
    row.save()
    log(actor=actor, action="inspection_complaint_receive", row=row, before=None, path=org.path)
    return row


def _path_on(org: Org, day: dt.date) -> str:
    """Where ``org`` stood in the tree on ``day`` (its path today when it had no placement that day)."""
    placement = placement_on(org=org, on=day)
    return placement.path if placement is not None else org.path


@transaction.atomic
def complaint_decide(*, actor, complaint: DisciplineComplaint, result: str, resolved_on: dt.date,
                     note: str) -> DisciplineComplaint:
    row = DisciplineComplaint.objects.select_for_update(of=("self",)).select_related("org").get(pk=complaint.pk)
    require_inspection(actor, row.org)
    if not row.accepted:
        raise DomainError("Khiếu nại không được thụ lý: không có kết quả giải quyết.", field="result")
    if row.resolved_on is not None:
        raise DomainError("Khiếu nại đã được giải quyết.", field="result")
    choice(result, ComplaintResult, "result", "Kết quả")
    need(resolved_on, "resolved_on", "ngày giải quyết")
    if resolved_on < row.received_on:
        raise DomainError("Ngày giải quyết không được trước ngày nhận đơn.", field="resolved_on")
    before = audit.snapshot(row)
    row.result, row.resolved_on = result, resolved_on
    row.result_note = need(note, "note", "nội dung giải quyết")
    row.save()
    log(actor=actor, action="inspection_complaint_decide", row=row, before=before, path=row.org.path)
    return row
