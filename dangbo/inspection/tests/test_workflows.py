"""A case from the programme to the discipline decision (the one ``members.DisciplineDecision``, and for khai trừ
the EXPEL lifecycle event), a denunciation to its resolution, a complaint; audited; bad input refused naming the
field, nothing saved."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.exceptions import DomainError, OutOfScope
from dangbo.core.rules import RuleViolation
from dangbo.inspection import selectors, services
from dangbo.inspection.models import Case, CaseStep, Denunciation, DisciplineComplaint, DisciplineProposal
from dangbo.inspection.tests.conftest import open_case
from dangbo.members import services as member_services
from dangbo.members.models import DisciplineDecision, LifecycleEvent
from dangbo.workdays.selectors import deadline

pytestmark = pytest.mark.django_db
D = dt.date


def _plan(tree, actor, member):
    plan = services.programme_save(actor=actor, org=tree.district, data={
        "body": "commission", "kind": "year", "year": 2024, "title": "Kế hoạch kiểm tra, giám sát năm 2024",
        "adopted_on": D(2024, 1, 10), "document_number": "01-KH/UBKT"})
    item = services.plan_item_save(actor=actor, programme=plan, data={
        "kind": "compliance", "member": member, "topic": "Chấp hành Điều lệ, quy định về những điều đảng viên "
        "không được làm", "quarter": 1})
    return plan, item


def test_programme_to_discipline_decision(tree, inspector, an):
    plan, item = _plan(tree, inspector, an)
    case = open_case(tree, inspector, members=[an], kind="compliance", origin="planned", plan_item=item)
    for step, day in [("plan", D(2024, 3, 5)), ("notice", D(2024, 3, 6)), ("self_report", D(2024, 3, 20)),
                      ("verification", D(2024, 4, 1)), ("team_report", D(2024, 4, 10)), ("meeting", D(2024, 4, 20))]:
        services.case_step_add(actor=inspector, case=case, step=step, date=day, document_number=f"{step}-1")
    services.case_conclude(actor=inspector, case=case, conclusion="Vi phạm quy định về những điều không được làm.",
                           concluded_on=D(2024, 4, 20), violation_found=True)
    follow = services.follow_up_add(actor=inspector, case=case, recommendation="Kiểm điểm trước chi bộ",
                                    due_on=D(2024, 6, 30), org=tree.cell1)
    proposal = services.proposal_create(
        actor=inspector, case=case, member=an, form="warning", reason="Vi phạm quy định", violation_from=D(2023, 5, 1),
        deciding_org=tree.commune, body="standing", proposed_on=D(2024, 4, 20))
    assert proposal.limitation_expires_on == D(2033, 5, 1) and proposal.limitation_warning == ""
    services.proposal_vote(actor=inspector, proposal=proposal, voted_on=D(2024, 4, 25), votes_for=8,
                           votes_against=1, eligible=9)
    proposal = services.proposal_decide(actor=inspector, proposal=proposal, decided_on=D(2024, 4, 26),
                                        decision_ref="45-QĐ/ĐU")
    decision = DisciplineDecision.objects.get()
    assert proposal.decision == decision and decision.member == an and decision.form == "warning"
    assert decision.decided_by == "Ban Thường vụ Đảng bộ xã Đạ Sar" and decision.decision_ref == "45-QĐ/ĐU"
    assert [s.step for s in CaseStep.objects.filter(case=case)][:2] == ["decision", "plan"]
    assert [p.cases_count for p in selectors.plan_items(plan)] == [1]  # progress against the plan
    assert selectors.follow_ups_overdue(user=inspector, as_of=D(2024, 7, 1)) == [follow]
    services.follow_up_close(actor=inspector, follow_up=follow, done_on=D(2024, 7, 5))
    assert selectors.follow_ups_overdue(user=inspector, as_of=D(2024, 7, 10)) == []
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"inspection_programme_save", "inspection_plan_item_save", "inspection_case_open", "inspection_case_step",
            "inspection_case_conclude", "inspection_follow_up_add", "inspection_follow_up_close",
            "inspection_proposal_create", "inspection_proposal_vote", "inspection_proposal_decide",
            "discipline_member"} <= actions


def test_expulsion_writes_the_expel_event_and_a_failed_vote_rejects(tree, inspector, an):
    binh = tree.member("Trần Văn Bình", org=tree.cell1)
    case = open_case(tree, inspector, members=[an, binh])
    kwargs = {"case": case, "form": "expulsion", "reason": "Vi phạm nghiêm trọng", "violation_from": D(2023, 1, 1),
              "deciding_org": tree.commune, "body": "committee", "proposed_on": D(2024, 4, 1)}
    one = services.proposal_create(actor=inspector, member=an, **kwargs)
    two = services.proposal_create(actor=inspector, member=binh, **kwargs)
    with pytest.raises(RuleViolation) as exc:  # not before the vote
        services.proposal_decide(actor=inspector, proposal=two, decided_on=D(2024, 4, 6))
    assert exc.value.field == "status"
    services.proposal_vote(actor=inspector, proposal=one, voted_on=D(2024, 4, 5), votes_for=6, votes_against=3,
                           eligible=9)
    services.proposal_decide(actor=inspector, proposal=one, decided_on=D(2024, 4, 6), decision_ref="7-QĐ/ĐU")
    an.refresh_from_db()
    assert an.status == "expelled"
    assert LifecycleEvent.objects.filter(member=an, kind="expel", date=D(2024, 4, 6)).exists()
    assert DisciplineDecision.objects.get(member=an).form == "expulsion"
    rejected = services.proposal_vote(actor=inspector, proposal=two, voted_on=D(2024, 4, 5), votes_for=5,
                                      votes_against=3, eligible=8)
    assert rejected.status == "rejected"
    with pytest.raises(RuleViolation):
        services.proposal_decide(actor=inspector, proposal=two, decided_on=D(2024, 4, 6))
    assert not DisciplineDecision.objects.filter(member=binh).exists()


def test_the_cell_cannot_expel_and_the_limitation_only_warns(tree, inspector, an):
    case = open_case(tree, inspector, members=[an])
    with pytest.raises(RuleViolation) as exc:
        services.proposal_create(actor=inspector, case=case, member=an, form="expulsion", reason="x",
                                 violation_from=D(2023, 1, 1), deciding_org=tree.cell1, body="cell",
                                 proposed_on=D(2024, 4, 1))
    assert (exc.value.code, exc.value.field) == ("K7", "deciding_org")
    old = services.proposal_create(actor=inspector, case=case, member=an, form="reprimand", reason="Vi phạm cũ",
                                   violation_from=D(2017, 1, 1), deciding_org=tree.cell1, body="cell",
                                   proposed_on=D(2024, 4, 1))
    assert old.limitation_expires_on == D(2022, 1, 1) and old.limitation_warning.startswith("Cảnh báo")
    voted = services.proposal_vote(actor=inspector, proposal=old, voted_on=D(2024, 4, 2), votes_for=5,
                                   votes_against=0, eligible=7)
    assert voted.status == "voted"  # never blocked by the limitation
    assert DisciplineProposal.objects.count() == 1


def test_denunciation_to_resolution_and_an_anonymous_letter(tree, inspector, an):
    letter = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 2, 1), "denouncer_name": "Lê Thị Tố", "denouncer_address": "Thôn 2, xã Đạ Sar",
        "subject_member": an, "content": "Sử dụng đất công sai mục đích"})
    letter = services.denunciation_screen(actor=inspector, denunciation=letter, on=D(2024, 2, 5))
    assert letter.status == "screened" and letter.due_on == deadline(D(2024, 2, 1), 90)
    case = open_case(tree, inspector, members=[an], kind="denunciation", decided_on=D(2024, 2, 15))
    services.denunciation_assign(actor=inspector, denunciation=letter, case=case)
    letter = services.denunciation_resolve(actor=inspector, denunciation=letter, resolved_on=D(2024, 4, 1),
                                           outcome="partly", outcome_note="Tố cáo đúng một phần",
                                           notified_on=D(2024, 4, 5))
    assert (letter.status, letter.outcome) == ("resolved", "partly")
    anonymous = services.denunciation_receive(actor=inspector, org=tree.district, data={
        "received_on": D(2024, 3, 1), "anonymous": True, "subject_member": an, "content": "Đơn không ký tên"})
    anonymous = services.denunciation_screen(actor=inspector, denunciation=anonymous, on=D(2024, 3, 2))
    assert (anonymous.status, anonymous.not_handled_reason, anonymous.due_on) == ("not_handled", "anonymous", None)
    with pytest.raises(RuleViolation):
        services.denunciation_assign(actor=inspector, denunciation=anonymous, case=case)
    # the audit never copies who denounced
    entries = AuditEntry.objects.filter(model="inspection.Denunciation")
    assert entries.count() == 6 and not any("Lê Thị Tố" in str(e.after) for e in entries)


def test_complaint_late_and_in_time(tree, inspector, an):
    decision = member_services.discipline_record(actor=tree.actor, member=an, form="warning", date=D(2025, 1, 20),
                                                 decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
    late = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                      received_on=D(2025, 3, 1), decision_received_on=D(2025, 1, 31))
    assert (late.accepted, late.refusal_reason, late.due_on) == (False, "late", None)
    ok = services.complaint_receive(actor=inspector, org=tree.district, decision=decision,
                                    received_on=D(2025, 2, 28), decision_received_on=D(2025, 1, 31))
    assert ok.accepted and ok.due_on == deadline(D(2025, 2, 28), 90)
    services.complaint_decide(actor=inspector, complaint=ok, result="upheld", resolved_on=D(2025, 4, 1),
                              note="Giữ nguyên")
    with pytest.raises(DomainError) as exc:
        services.complaint_decide(actor=inspector, complaint=late, result="upheld", resolved_on=D(2025, 4, 1),
                                  note="x")
    assert exc.value.field == "result"
    assert DisciplineComplaint.objects.filter(resolved_on__isnull=False).count() == 1


def test_bad_input_names_the_field_and_saves_nothing(tree, inspector, an):
    before = (Case.objects.count(), AuditEntry.objects.count(), Denunciation.objects.count())
    cases = [
        (lambda: open_case(tree, inspector), "subjects"),
        (lambda: open_case(tree, inspector, members=[an], topic=" "), "topic"),
        (lambda: open_case(tree, inspector, members=[an], kind="nope"), "kind"),
        (lambda: open_case(tree, inspector, members=[an], origin="planned"), "plan_item"),
        (lambda: open_case(tree, inspector, members=[an], decided_on=D(2010, 1, 1)), "decided_on"),
        (lambda: open_case(tree, inspector, members=[an], kind="assets", body="committee"), "kind"),
        (lambda: open_case(tree, inspector, orgs=[tree.other_cell], members=[an]), "subjects"),
        (lambda: services.denunciation_receive(actor=inspector, org=tree.district, data={
            "received_on": D(2024, 2, 1), "subject_member": an, "content": "x"}), "denouncer_name"),
        (lambda: services.programme_save(actor=inspector, org=tree.district, data={
            "kind": "year", "title": "KH", "adopted_on": D(2024, 1, 1)}), "year"),
    ]
    for call, field in cases:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.field == field, (field, exc.value.message)
    assert (Case.objects.count(), AuditEntry.objects.count(), Denunciation.objects.count()) == before


def test_inspection_writes_its_records_not_members(tree, inspector, an):
    with pytest.raises(OutOfScope):
        member_services.member_update(actor=inspector, member=an, data={"full_name": "Nguyễn Văn Ân"})
    with pytest.raises(OutOfScope):  # another district's commission
        open_case(tree, inspector, org=tree.other_district, members=[])
