"""K1: the committee's advisory bodies (ban, văn phòng cấp ủy) check and supervise within their field, never on
signs of violation — the rule without a database, the case refused with the rule named, and the K10 figures'
column of their own (exact values)."""

import datetime as dt

import pytest

from dangbo.core.exceptions import DomainError
from dangbo.core.periods import year
from dangbo.core.rules import RuleViolation
from dangbo.inspection import figures, rules
from dangbo.inspection.figures import ADVISORY, COMMISSION, COMMITTEE, Tally
from dangbo.inspection.models import Case
from dangbo.inspection.tests.conftest import open_case

D = dt.date
BEFORE, AFTER = D(2025, 5, 29), D(2025, 5, 30)


@pytest.mark.parametrize("kind", ["compliance", "sup_continuous", "sup_thematic"])
def test_an_advisory_body_checks_and_supervises(kind):
    rules.check_body_work("advisory", kind, AFTER)


@pytest.mark.parametrize("body", ["committee", "standing", "commission", "cell"])
def test_the_other_bodies_are_not_concerned(body):
    rules.check_body_work(body, "violation", AFTER)


@pytest.mark.parametrize(("on", "citation"), [(BEFORE, "Quy định 22-QĐ/TW ngày 28/07/2021, Điều 3–7"),
                                              (AFTER, "Quy định 296-QĐ/TW ngày 30/05/2025, Điều 5")])
def test_no_check_on_signs_of_violation_by_an_advisory_body(on, citation):
    with pytest.raises(RuleViolation) as got:
        rules.check_body_work("advisory", "violation", on)
    err = got.value
    assert (err.code, err.field, err.citation) == ("K1", "kind", citation)
    assert str(err) == ("Cơ quan tham mưu, giúp việc cấp ủy không kiểm tra khi có dấu hiệu vi phạm; việc này do cấp "
                        f"ủy, ban thường vụ, ủy ban kiểm tra hoặc chi bộ thực hiện (K1, {citation}).")


@pytest.mark.parametrize("kind", ["denunciation", "complaint", "discipline", "suspension"])
def test_nor_the_work_of_the_deciding_bodies(kind):
    with pytest.raises(RuleViolation, match="chỉ kiểm tra, giám sát trong lĩnh vực được giao") as got:
        rules.check_body_work("advisory", kind, AFTER)
    assert got.value.code == "K1"


@pytest.mark.django_db
def test_a_case_of_an_advisory_body(tree, inspector, an):
    with pytest.raises(RuleViolation) as got:
        open_case(tree, inspector, body="advisory", kind="violation", members=[an])
    assert (got.value.code, got.value.field) == ("K1", "kind")
    with pytest.raises(DomainError, match="ủy ban kiểm tra") as got:
        open_case(tree, inspector, body="advisory", kind="finance", orgs=[tree.cell1])
    with pytest.raises(DomainError, match="Chi bộ không có cơ quan tham mưu") as got:
        open_case(tree, inspector, org=tree.cell1, body="advisory", kind="compliance", members=[an])
    assert not Case.objects.exists()
    case = open_case(tree, inspector, body="advisory", kind="compliance", orgs=[tree.cell1], members=[an],
                     topic="Ban Tổ chức kiểm tra việc quản lý hồ sơ đảng viên")
    assert case.get_body_display() == "Cơ quan tham mưu, giúp việc cấp ủy"


@pytest.mark.django_db
def test_the_figures_count_the_advisory_bodies(tree, inspector, an):
    binh = tree.member("Trần Văn Bình", org=tree.cell2)
    # the district's advisory bodies: a check of two cells and a member, a thematic supervision of a member
    open_case(tree, inspector, body="advisory", kind="compliance", orgs=[tree.cell1, tree.cell2], members=[an])
    open_case(tree, inspector, body="advisory", kind="sup_thematic", members=[binh], decided_on=D(2024, 9, 1))
    # the commune's, one check; the commission's check on signs of violation stays the commission's
    open_case(tree, inspector, org=tree.commune, body="advisory", kind="compliance", orgs=[tree.cell1])
    open_case(tree, inspector, kind="violation", members=[an])
    # not counted: another year's
    open_case(tree, inspector, body="advisory", kind="compliance", orgs=[tree.cell1], decided_on=D(2023, 5, 1))
    f = figures.figures(user=inspector, org=tree.district, period=year(2024))
    assert f.checks[ADVISORY] == Tally(2, 3, 1) and f.supervisions[ADVISORY] == Tally(1, 0, 1)
    assert f.checks[COMMISSION] == Tally(1, 0, 1) and f.checks[COMMITTEE] == Tally()
    assert f.all_checks == Tally(3, 3, 2) and f.all_supervisions == Tally(1, 0, 1)
    assert f.violation_checks == Tally(1, 0, 1)
    assert figures.figures(user=inspector, org=tree.commune, period=year(2024)).checks[ADVISORY] == Tally(1, 1, 0)
    assert figures.figures(user=inspector, org=tree.district, period=year(2023)).checks[ADVISORY] == Tally(1, 1, 0)
