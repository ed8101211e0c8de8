"""K7, K8, M15: a discipline proposal from a case, the vote, the decision. The decision is written once, as the
existing ``members.DisciplineDecision`` through ``members.services.discipline_record`` (and for khai trừ the EXPEL
lifecycle event through the same service): this app keeps only the proposal and the link."""

import datetime as dt

from django.db import transaction

from dangbo.accounts import audit
from dangbo.core.exceptions import DomainError
from dangbo.inspection import rules
from dangbo.inspection.choices import Body, ProposalStatus, ViolationField
from dangbo.inspection.models import Case, DisciplineProposal
from dangbo.inspection.rules.discipline import Relation
from dangbo.inspection.services.common import active_on, choice, log, need, require_case_write, user_of
from dangbo.members import rules as member_rules
from dangbo.members import services as member_services
from dangbo.members.choices import DisciplineForm, MemberStatus
from dangbo.members.models import Member
from dangbo.orgs.models import CommitteeSeat, Org

PS = ProposalStatus


def relation(decider: Org, org: Org, *, own_cell_possible: bool) -> str:
    """Where ``decider`` stands from ``org`` (the member's cell, or the org disciplined)."""
    if own_cell_possible and decider.pk == org.pk and org.type.is_cell:
        return Relation.OWN_CELL
    if org.path.startswith(decider.path) and org.pk != decider.pk:
        return Relation.DIRECT_SUPERIOR if len(org.path) - len(decider.path) == Org.steplen else Relation.HIGHER
    return Relation.OTHER


def _cell_committee_member(member: Member, on: dt.date) -> bool:
    """K7: a chi ủy member of a grassroots cell (chi bộ cơ sở) on ``on``."""
    cell = member.org
    if cell is None or not (cell.type.is_cell and cell.type.is_grassroots):
        return False
    return CommitteeSeat.objects.filter(member=member, committee__term__org=cell, starts_on__lte=on).exclude(
        ends_on__lt=on).exists()


def _subject_kind(member: Member | None) -> str:
    if member is None:
        return "org"
    return "probationary" if member.status == MemberStatus.PROBATIONARY else "official"


@transaction.atomic
def proposal_create(*, actor, case: Case, form: str, reason: str, violation_from: dt.date, deciding_org: Org,
                    body: str, proposed_on: dt.date, member: Member | None = None, org: Org | None = None,
                    violation_to: dt.date | None = None, violation_field: str = ViolationField.ORDINARY,
                    higher_task: bool = False) -> DisciplineProposal:
    """Propose ``form`` for a subject of ``case``, to be decided by ``deciding_org``: the form must fit the
    subject (M15), the decider must have the power (K7, refused naming the rule); the limitation is computed and
    kept as a warning (K8), never a refusal."""
    case = Case.objects.select_related("org").get(pk=case.pk)
    require_case_write(actor, case)
    if (member is None) == (org is None):
        raise DomainError("Đề nghị kỷ luật một đảng viên hoặc một tổ chức.", field="member")
    choice(form, DisciplineForm, "form", "Hình thức kỷ luật")
    choice(body, Body, "body", "Chủ thể quyết định")
    choice(violation_field, ViolationField, "violation_field", "Lĩnh vực vi phạm")
    need(reason, "reason", "nội dung vi phạm")
    need(violation_from, "violation_from", "ngày vi phạm")
    need(proposed_on, "proposed_on", "ngày đề nghị")
    if violation_to is not None and violation_to < violation_from:
        raise DomainError("Ngày kết thúc vi phạm phải sau ngày bắt đầu.", field="violation_to")
    if member is not None:
        member = Member.objects.select_related("org__type").get(pk=member.pk)
        if not case.subjects.filter(member=member).exists():
            raise DomainError(f"{member.full_name} không phải đối tượng của cuộc kiểm tra.", field="member")
    else:
        org = Org.objects.select_related("type").get(pk=org.pk)
        if not case.subjects.filter(org=org).exists():
            raise DomainError(f"{org.name} không phải đối tượng của cuộc kiểm tra.", field="org")
    member_rules.check_discipline_form(_subject_kind(member), form, proposed_on)
    deciding_org = Org.objects.select_related("type__level").get(pk=deciding_org.pk)
    active_on(deciding_org, proposed_on, "deciding_org")
    where = member.org if member is not None else org
    power = rules.Power(
        on=proposed_on, subject_is_org=member is None, form=form,
        relation=relation(deciding_org, where, own_cell_possible=member is not None),
        decider_is_section=deciding_org.type.level.code == "section", higher_task=higher_task,
        cell_committee_member=member is not None and _cell_committee_member(member, proposed_on))
    rules.require(rules.competence(power), field="deciding_org")
    row = DisciplineProposal(case=case, member=member, org=org, form=form, reason=reason.strip(),
                             violation_from=violation_from, violation_to=violation_to,
                             violation_field=violation_field, deciding_org=deciding_org, body=body,
                             proposed_on=proposed_on, created_by=user_of(actor))
    _limitation(row, proposed_on)
    row.save()
    log(actor=actor, action="inspection_proposal_create", row=row, before=None, path=case.org.path)
    return row


def _limitation(row: DisciplineProposal, as_of: dt.date) -> None:
    check = rules.limitation(rules.Violation(
        subject_is_org=row.member_id is None, form=row.form, started_on=row.violation_from,
        ended_on=row.violation_to, field=row.violation_field), as_of)
    row.limitation_expires_on = check.expires_on
    row.limitation_warning = check.message if check.expired else ""


@transaction.atomic
def proposal_vote(*, actor, proposal: DisciplineProposal, voted_on: dt.date, votes_for: int, votes_against: int,
                  eligible: int) -> DisciplineProposal:
    """M15: the vote of the deciding body; one that does not carry rejects the proposal. The limitation is then
    computed as of the vote (vote first, then the limitation: 06-HD/UBKTTW) and kept as a warning."""
    row = DisciplineProposal.objects.select_for_update(of=("self",)).select_related("case__org").get(pk=proposal.pk)
    require_case_write(actor, row.case)
    need(voted_on, "voted_on", "ngày biểu quyết")
    if voted_on < row.proposed_on:
        raise DomainError("Ngày biểu quyết không được trước ngày đề nghị.", field="voted_on")
    verdict = rules.vote(form=row.form, yes=votes_for, no=votes_against, eligible=eligible, on=voted_on)
    new = PS.VOTED if verdict.ok else PS.REJECTED
    rules.check_proposal_move(row.status, new, voted_on)
    before = audit.snapshot(row)
    row.status, row.voted_on = new, voted_on
    row.votes_for, row.votes_against, row.eligible = votes_for, votes_against, eligible
    _limitation(row, voted_on)
    row.save()
    log(actor=actor, action="inspection_proposal_vote", row=row, before=before, path=row.case.org.path)
    return row


@transaction.atomic
def proposal_decide(*, actor, proposal: DisciplineProposal, decided_on: dt.date,
                    decision_ref: str = "") -> DisciplineProposal:
    """The carried vote becomes the decision: ``members.DisciplineDecision`` written by the members service (khai
    trừ also records EXPEL there), linked here. The power was checked at the proposal (K7)."""
    row = DisciplineProposal.objects.select_for_update(of=("self",)).select_related(
        "case__org", "member", "org", "deciding_org").get(pk=proposal.pk)
    require_case_write(actor, row.case)
    need(decided_on, "decided_on", "ngày quyết định")
    rules.check_proposal_move(row.status, PS.DECIDED, decided_on)
    if decided_on < row.voted_on:
        raise DomainError("Ngày quyết định không được trước ngày biểu quyết.", field="decided_on")
    before = audit.snapshot(row)
    decided_by = f"{Body(row.body).label} {row.deciding_org.name}"
    row.decision = member_services.discipline_record(
        actor=actor, form=row.form, date=decided_on, decided_by=decided_by, reason=row.reason, member=row.member,
        org=row.org, decision_ref=decision_ref.strip(), power_checked=True)
    row.status = PS.DECIDED
    row.save()
    log(actor=actor, action="inspection_proposal_decide", row=row, before=before, path=row.case.org.path)
    return row
