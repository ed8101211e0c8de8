"""The transfer rules (M14) without a database, including the 30 working days across Tết."""

import datetime as dt

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.transfers import rules
from dangbo.transfers.choices import LetterKind, LetterState, Reason
from dangbo.workdays.rules import vietnam

D = dt.date


def test_thirty_working_days_skip_weekends_and_tet():
    cal = vietnam([2026])
    # six weeks of weekdays would end on 16/03; Giao thừa to mùng 4 (16–20/02/2026) push it a week
    assert rules.present_by(cal, D(2026, 2, 2)) == D(2026, 3, 23)
    assert cal.count(D(2026, 2, 2), D(2026, 3, 23)) == 30


def test_thirty_working_days_without_holidays_are_six_weeks():
    cal = vietnam([2026])
    assert rules.present_by(cal, D(2026, 10, 5)) == D(2026, 11, 16)


@pytest.mark.parametrize(("destination", "issuer"), [
    ("001001001002", "001001001"),  # the next cell of the same grassroots org: the grassroots committee
    ("001001003", "001001001"),  # another org under the same superior: still the grassroots committee
    ("001002001001", "001001"),  # outside the superior's area: the superior
    (None, "001001"),  # out of the system: the superior
])
def test_the_issuer_is_the_grassroots_committee_inside_its_superiors_area(destination, issuer):
    assert rules.issuer_path(grassroots_path="001001001", destination_path=destination, steplen=3) == issuer


def test_a_grassroots_org_at_the_top_issues_its_own():
    assert rules.issuer_path(grassroots_path="001", destination_path=None, steplen=3) == "001"


def test_destination_is_one_of_a_cell_or_an_outside_org_and_not_the_same_cell():
    ok = {"kind": LetterKind.OFFICIAL, "reason": Reason.NEW_JOB, "from_org_id": 1}
    rules.check_destination(**ok, to_org_id=2, to_external="")
    rules.check_destination(**ok, to_org_id=None, to_external="Đảng bộ tỉnh Khánh Hòa")
    with pytest.raises(RuleViolation, match="chỉ một trong hai"):
        rules.check_destination(**ok, to_org_id=2, to_external="Đảng bộ tỉnh Khánh Hòa")
    with pytest.raises(RuleViolation, match="chỉ một trong hai"):
        rules.check_destination(**ok, to_org_id=None, to_external="  ")
    with pytest.raises(RuleViolation, match="khác chi bộ") as refused:
        rules.check_destination(**ok, to_org_id=1, to_external="")
    assert refused.value.code == "M14"


def test_a_reason_must_fit_the_kind_of_letter():
    with pytest.raises(RuleViolation, match="Nghỉ hưu"):
        rules.check_destination(kind=LetterKind.TEMPORARY, reason=Reason.RETIRED, from_org_id=1, to_org_id=2,
                                to_external="")
    with pytest.raises(RuleViolation, match="học tập"):
        rules.check_destination(kind=LetterKind.OFFICIAL, reason=Reason.STUDY, from_org_id=1, to_org_id=2,
                                to_external="")


def test_a_temporary_stay_of_three_months_to_under_a_year_passes():
    assert rules.temporary_notice(reason=Reason.STAY, issued_on=D(2026, 1, 5), stay_until=D(2026, 4, 5)) is None
    assert rules.temporary_notice(reason=Reason.STAY, issued_on=D(2026, 1, 5), stay_until=D(2027, 1, 4)) is None


@pytest.mark.parametrize("until", [D(2026, 3, 1), D(2027, 1, 5)])
def test_a_stay_shorter_than_three_months_or_of_a_year_needs_a_reason(until):
    notice = rules.temporary_notice(reason=Reason.STAY, issued_on=D(2026, 1, 5), stay_until=until)
    assert notice is not None and notice.rule.code == "M14"
    assert "từ 3 tháng đến dưới 1 năm" in notice.text and "05/01/2026" in notice.text


def test_training_may_last_two_years():
    assert rules.temporary_notice(reason=Reason.STUDY, issued_on=D(2026, 9, 1), stay_until=D(2028, 9, 1)) is None
    assert rules.temporary_notice(reason=Reason.STUDY, issued_on=D(2026, 9, 1), stay_until=D(2028, 9, 2))


def test_a_temporary_letter_needs_an_end_after_its_start():
    with pytest.raises(RuleViolation, match="thời hạn"):
        rules.temporary_notice(reason=Reason.STAY, issued_on=D(2026, 1, 5), stay_until=None)
    with pytest.raises(RuleViolation, match="phải sau ngày giới thiệu"):
        rules.temporary_notice(reason=Reason.STAY, issued_on=D(2026, 1, 5), stay_until=D(2026, 1, 5))


def test_presenting_late_counts_the_working_days_and_asks_for_the_reason():
    cal = vietnam([2026])
    assert rules.receipt_notice(cal, issued_on=D(2026, 2, 2), present_by=D(2026, 3, 23),
                                received_on=D(2026, 3, 23)) is None
    notice = rules.receipt_notice(cal, issued_on=D(2026, 2, 2), present_by=D(2026, 3, 23), received_on=D(2026, 3, 30))
    assert "quá hạn 5 ngày làm việc" in notice.text and "23/03/2026" in notice.text
    with pytest.raises(RuleViolation, match="trước ngày giới thiệu"):
        rules.receipt_notice(cal, issued_on=D(2026, 2, 2), present_by=D(2026, 3, 23), received_on=D(2026, 2, 1))


def test_the_state_of_a_letter_on_a_date():
    due = D(2026, 3, 23)
    assert rules.state_on(present_by=due, received_on=None, on=due) == LetterState.IN_TRANSIT
    assert rules.state_on(present_by=due, received_on=None, on=D(2026, 3, 24)) == LetterState.OVERDUE
    assert rules.state_on(present_by=due, received_on=D(2026, 4, 1), on=D(2026, 3, 30)) == LetterState.OVERDUE
    assert rules.state_on(present_by=due, received_on=D(2026, 4, 1), on=D(2026, 4, 1)) == LetterState.RECEIVED
