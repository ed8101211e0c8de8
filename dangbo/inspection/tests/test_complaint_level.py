"""K9: a discipline complaint goes to a level above the one that decided (or, first, to the committee against its
own inspection commission's decision) — the pure rule, and the service refusing a complaint received at the
deciding level, naming the org and saving nothing."""

import datetime as dt

import pytest

from dangbo.accounts.models import AuditEntry
from dangbo.core.rules import RuleViolation
from dangbo.core.testing import Role, user_with
from dangbo.inspection import rules
from dangbo.inspection.choices import Body
from dangbo.inspection.models import DisciplineComplaint
from dangbo.inspection.services import complaint_receive
from dangbo.members import services as member_services

D = dt.date
DAY = D(2025, 8, 1)


@pytest.mark.parametrize(("handler", "body", "decider", "decider_body", "ok"), [
    ("0001", Body.COMMISSION, "00010002", Body.CELL, True),  # the org above the cell that decided
    ("0001", Body.COMMISSION, "0001", Body.CELL, False),  # the deciding org itself
    ("0001", Body.COMMITTEE, "0001", Body.COMMISSION, True),  # the committee against its own commission
    ("0001", Body.COMMISSION, "0001", Body.COMMISSION, False),  # the commission against itself
    ("00010002", Body.COMMISSION, "0001", Body.COMMITTEE, False),  # below the decider
    ("0002", Body.COMMISSION, "00010002", Body.CELL, False),  # another branch of the tree
])
def test_the_level_that_hears_a_complaint(handler, body, decider, decider_body, ok):
    verdict = rules.complaint_level(handler_path=handler, handler_body=body, decider_path=decider,
                                    decider_body=decider_body, on=DAY)
    assert verdict.ok is ok
    assert verdict.rule.code == "K9-admissible" and "296-QĐ/TW" in verdict.rule.citation
    if not ok:
        assert "cấp trên của cấp đã quyết định" in verdict.message


@pytest.mark.django_db
def test_a_complaint_at_the_deciding_level_is_refused_and_nothing_saved(tree):
    cell_inspector = user_with(Role.INSPECTION, org=tree.commune, username="ubkt-xa")
    member = tree.member("Đinh Văn Khiếu", org=tree.cell1)
    # decided by the commune's own level (the disciplined member's org is under it: the commune may hear it) …
    decision = member_services.discipline_record(actor=tree.actor, member=member, form="reprimand", date=D(2025, 7, 1),
                                                 decided_by="Chi bộ thôn Đạ Nghịt", reason="Vi phạm")
    assert complaint_receive(actor=cell_inspector, org=tree.commune, decision=decision, received_on=D(2025, 7, 10),
                             decision_received_on=D(2025, 7, 2)).accepted
    # … but a complaint received by the disciplined member's own cell is not a level above
    cell_writer = user_with(Role.INSPECTION, org=tree.cell1, username="ubkt-chibo")
    before = (DisciplineComplaint.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as exc:
        complaint_receive(actor=cell_writer, org=tree.cell1, decision=decision, received_on=D(2025, 7, 10),
                          decision_received_on=D(2025, 7, 2))
    assert exc.value.field == "org" and "cấp trên" in exc.value.message
    assert (DisciplineComplaint.objects.count(), AuditEntry.objects.count()) == before
