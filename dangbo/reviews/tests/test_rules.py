"""The three rating regimes, without a database."""

import dataclasses
import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.reviews.choices import Exclusion, Level, Mark
from dangbo.reviews.rules import (
    R124,
    R132,
    R366,
    AssessmentFacts,
    MemberCase,
    best_allowed,
    check_level,
    check_quota,
    exclusion_for,
    quota_breach,
    quota_group,
    quota_limit,
    regulation_for,
    remediation_required,
    streak,
)

XS, T, TB, K = Mark.EXCELLENT, Mark.GOOD, Mark.AVERAGE, Mark.POOR
E, G, C, N = Level.EXCELLENT, Level.GOOD, Level.COMPLETED, Level.NOT_COMPLETED
POL = frozenset({"nhiem_vu"})


def marks(**kw):
    return AssessmentFacts(marks=tuple(sorted(kw.items())), political_criteria=POL)


@pytest.mark.parametrize(("year", "code"), [(2018, "132-QĐ/TW"), (2022, "132-QĐ/TW"), (2023, "124-QĐ/TW"),
                                            (2024, "124-QĐ/TW"), (2025, "366-QĐ/TW"), (2031, "366-QĐ/TW")])
def test_regime_chosen_by_review_year(year, code):
    assert regulation_for(year).code == code


def test_no_regime_before_2018():
    with pytest.raises(RuleViolation, match="2017"):
        regulation_for(2017)


@pytest.mark.parametrize(("facts", "expected"), [
    (marks(nhiem_vu=XS, chinh_tri=T, ky_luat=XS), E),
    (marks(nhiem_vu=T, chinh_tri=XS, ky_luat=XS), G),
    (marks(nhiem_vu=XS, chinh_tri=TB, ky_luat=XS), C),
    (marks(nhiem_vu=XS, chinh_tri=T, ky_luat=K), N),
])
@pytest.mark.parametrize("reg", [R132, R124])
def test_marks_decide_the_level(facts, expected, reg):
    assert best_allowed(facts, reg)[0] == expected


@pytest.mark.parametrize(("score", "on_time", "exceeding", "fixed", "expected"), [
    (95, 10, 3, 2, E),
    (95, 10, 2, 2, G),    # < 30% exceeding
    (95, 10, 3, 1, G),    # a shortcoming not fixed
    (89, 10, 5, 2, G),
    (75, 9, 0, 2, C),     # one task late
    (70, 10, 0, 0, G),
    (69.5, 10, 0, 0, C),
    (50, 10, 0, 0, C),
    (49, 10, 0, 0, N),
])
def test_366_score_and_task_conditions(score, on_time, exceeding, fixed, expected):
    facts = AssessmentFacts(score=Decimal(str(score)), tasks_total=10, tasks_on_time=on_time,
                            tasks_exceeding=exceeding, shortcomings_total=2, shortcomings_fixed=fixed)
    assert best_allowed(facts, R366)[0] == expected


def test_366_collective_with_more_than_20_percent_late_is_not_completed():
    facts = AssessmentFacts(is_org=True, score=Decimal(60), tasks_total=10, tasks_on_time=7)
    assert best_allowed(facts, R366)[0] == N
    facts = AssessmentFacts(is_org=True, score=Decimal(60), tasks_total=10, tasks_on_time=8)
    assert best_allowed(facts, R366)[0] == C


def test_366_score_out_of_range_refused():
    with pytest.raises(RuleViolation, match="0 đến 100"):
        best_allowed(AssessmentFacts(score=Decimal(101)), R366)


@pytest.mark.parametrize("reg", [R132, R124, R366])
def test_discipline_in_year_forces_not_completed(reg):
    facts = AssessmentFacts(disciplined_in_year=True, marks=(("nhiem_vu", XS),), political_criteria=POL,
                            score=Decimal(95), tasks_total=1, tasks_on_time=1, tasks_exceeding=1)
    with pytest.raises(RuleViolation) as err:
        check_level(G, facts, reg, who="Nguyễn Văn An")
    assert err.value.code == "R-KL" and "bị kỷ luật" in err.value.message and "Nguyễn Văn An" in err.value.message
    check_level(N, facts, reg)


def test_124_self_corrected_fault_is_not_forced():
    facts = AssessmentFacts(disciplined_in_year=True, discipline_self_corrected=True, marks=(("nhiem_vu", T),),
                            political_criteria=POL)
    check_level(G, facts, R124)
    with pytest.raises(RuleViolation):
        check_level(G, facts, R132)


def test_132_sick_leave_caps_at_completed_and_124_targets_under_half():
    check_level(C, AssessmentFacts(sick_leave_months=3), R132)
    with pytest.raises(RuleViolation, match="nghỉ ốm"):
        check_level(G, AssessmentFacts(sick_leave_months=3), R132)
    check_level(G, AssessmentFacts(sick_leave_months=3), R124)
    with pytest.raises(RuleViolation, match="dưới 50%"):
        check_level(C, AssessmentFacts(targets_met_share=Decimal("0.4")), R124)


def test_132_civil_servant_must_be_excellent_as_civil_servant():
    facts = AssessmentFacts(marks=(("nhiem_vu", XS),), political_criteria=POL, civil_servant_level=G)
    with pytest.raises(RuleViolation, match="công chức"):
        check_level(E, facts, R132)


@pytest.mark.parametrize("reg", [R132, R124])
def test_collective_caps(reg):
    org = {"is_org": True}
    with pytest.raises(RuleViolation, match="lãnh đạo bị kỷ luật"):
        check_level(C, AssessmentFacts(leadership_discipline="warning", **org), reg)
    check_level(E, AssessmentFacts(leadership_discipline="reprimand", **org), reg)
    with pytest.raises(RuleViolation, match="mất đoàn kết"):
        check_level(C, AssessmentFacts(disunity=True, **org), reg)
    with pytest.raises(RuleViolation, match="không hoàn thành nhiệm vụ"):
        check_level(E, AssessmentFacts(subunit_levels=(G, G, N, G, G, G), **org), reg)
    with pytest.raises(RuleViolation, match="hoàn thành tốt nhiệm vụ trở lên"):
        check_level(E, AssessmentFacts(subunit_levels=(G, C, C), **org), reg)
    check_level(E, AssessmentFacts(subunit_levels=(G, G, C), **org), reg)


def test_124_more_than_20_percent_subunits_disciplined():
    facts = AssessmentFacts(is_org=True, subordinate_units=10, subordinate_disciplined=3)
    with pytest.raises(RuleViolation, match="20%"):
        check_level(C, facts, R124)
    check_level(C, AssessmentFacts(is_org=True, subordinate_units=10, subordinate_disciplined=2), R124)


def test_lower_level_than_allowed_is_always_accepted():
    check_level(N, marks(nhiem_vu=XS, chinh_tri=XS, ky_luat=XS), R124)


@pytest.mark.parametrize(("levels", "limit"), [
    ([E] + [G] * 9, 2), ([G] * 4, 0), ([E] * 2 + [G] * 8 + [C] * 5, 2), ([E, G, G, G, G], 1),
])
def test_quota_limit_is_20_percent_of_good_or_above(levels, limit):
    assert quota_limit(levels, R132) == limit


def test_quota_breach_names_unit_and_rule():
    check_quota([E, E] + [G] * 8, R124, unit="Chi bộ 1")
    with pytest.raises(RuleViolation) as err:
        check_quota([E, E, E] + [G] * 7, R124, unit="Chi bộ 1")
    assert err.value.code == "R4-QUOTA" and "Chi bộ 1" in err.value.message and "tối đa 2" in err.value.message


def test_quota_breach_is_lifted_by_a_recorded_exception_and_keeps_its_figures():
    # 002, 2021: 13 of 58 grassroots orgs HTXSNV, 43 HTTNV, 2 HTNV — above 20% of the 56 good or above
    levels = [E] * 13 + [G] * 43 + [C] * 2
    with pytest.raises(RuleViolation) as err:
        check_quota(levels, R132, unit="Đảng bộ huyện Lạc Dương")
    assert err.value.code == "R4-QUOTA"
    assert "13 HTXSNV vượt mức tối đa 11 (20% của 56 được xếp loại hoàn thành tốt nhiệm vụ trở lên; hiện 23,2%)" \
        in err.value.message and "ghi ngoại lệ" in err.value.message
    breach = check_quota(levels, R132, unit="Đảng bộ huyện Lạc Dương", excepted=True)
    assert (breach.excellent, breach.limit, breach.base) == (13, 11, 56)
    assert quota_breach([E] * 11 + [G] * 45, R132, unit="x") is None


@pytest.mark.parametrize("reg", [R132, R124, R366])
def test_quota_parameters_per_regime(reg):
    assert reg.quota_base in ("good_or_above", "good")
    assert quota_group("member", reg) == "grassroots" and quota_group("org", reg) == "superior"
    assert reg.quota_where and reg.excellent_share == Fraction(1, 5)


def test_quota_base_httnv_only_counts_the_good_alone():
    reg = dataclasses.replace(R132, quota_base="good")
    assert quota_limit([E] * 13 + [G] * 43 + [C] * 2, reg) == 8


def test_366_refusal_names_what_is_missing_not_what_was_met():
    facts = AssessmentFacts(score=Decimal(95), tasks_total=10, tasks_on_time=10, tasks_exceeding=1)
    with pytest.raises(RuleViolation) as err:
        check_level(E, facts, R366, who="Nguyễn Văn An")
    message = err.value.message
    assert message.startswith("Nguyễn Văn An: không thể xếp HTXSNV: cần ít nhất 30% nhiệm vụ vượt (hiện 10%)")
    assert "đúng hạn" not in message and "95" not in message
    facts = AssessmentFacts(score=Decimal("86.5"), tasks_total=10, tasks_on_time=9, tasks_exceeding=0)
    with pytest.raises(RuleViolation) as err:
        check_level(E, facts, R366)
    assert "cần ít nhất 90 điểm (hiện 86,5)" in err.value.message
    assert "cần 100% nhiệm vụ hoàn thành đúng hạn (hiện 90%, 9/10)" in err.value.message
    with pytest.raises(RuleViolation) as err:
        check_level(G, facts, R366)
    assert "điểm" not in err.value.message.split("—")[0] and "đúng hạn (hiện 90%" in err.value.message


def test_shares_are_judged_exactly_and_shown_rounded():
    # 2 of 3 sub-units good or above is exactly two thirds: not below the 2/3 threshold
    ok = AssessmentFacts(is_org=True, subunit_levels=(G, G, C), marks=(("nhiem_vu", XS),), political_criteria=POL)
    check_level(E, ok, R124)
    short = AssessmentFacts(is_org=True, subunit_levels=(G, G, C, C), marks=(("nhiem_vu", XS),),
                            political_criteria=POL)
    with pytest.raises(RuleViolation) as err:
        check_level(E, short, R124)
    assert "cần ít nhất 66,7% tổ chức, đảng viên trực thuộc" in err.value.message and "(hiện 2/4, 50%)" in \
        err.value.message
    # 3 of 10 exceeding is exactly 30%
    check_level(E, AssessmentFacts(score=Decimal(90), tasks_total=10, tasks_on_time=10, tasks_exceeding=3), R366)


def test_marks_refusal_names_the_criteria_not_at_excellent():
    with pytest.raises(RuleViolation) as err:
        check_level(E, marks(nhiem_vu=T, chinh_tri=XS), R124)
    assert "cần mọi tiêu chí nhiệm vụ chính trị ở mức Xuất sắc (chưa đạt: nhiem_vu)" in err.value.message


def test_exclusions():
    day = dt.date(2024, 12, 31)
    assert exclusion_for(MemberCase(True, True, dt.date(2000, 1, 1)), review_date=day, reg=R124) == Exclusion.EXEMPT
    assert exclusion_for(MemberCase(True, False, dt.date(2024, 7, 1)), review_date=day, reg=R124) == \
        Exclusion.NEW_MEMBER
    assert exclusion_for(MemberCase(True, False, dt.date(2024, 6, 30)), review_date=day, reg=R124) is None
    assert exclusion_for(MemberCase(True, False, None, is_suspended=True), review_date=day, reg=R124) == \
        Exclusion.SUSPENDED


def test_remediation_and_streak():
    assert remediation_required(C, pointed=False, is_org=True)
    assert not remediation_required(G, pointed=False, is_org=True)
    assert remediation_required(G, pointed=True, is_org=False)
    assert not remediation_required(C, pointed=False, is_org=False)
    levels = {2019: E, 2020: E, 2021: G, 2022: E, 2023: E, 2024: E}
    assert streak(levels, up_to=2024) == 3
    assert streak(dict.fromkeys(range(2020, 2025), E), up_to=2024) == 5
    assert streak(levels, up_to=2021) == 0
