"""Every inspection rule, without a database: screening, time limits and admissibility across the change of
procedure (22-QĐ/TW → 296-QĐ/TW on 30/05/2025), limitation periods, powers, votes, follow-ups, workflows."""

import datetime as dt

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.inspection import rules
from dangbo.inspection.rules.discipline import Relation
from dangbo.workdays.rules import WorkCalendar

D = dt.date
WEEKDAYS = WorkCalendar({})  # Saturdays and Sundays off, no holiday: the arithmetic is checkable by hand
BEFORE, AFTER = D(2025, 5, 29), D(2025, 5, 30)


@pytest.mark.parametrize(("letter", "ok", "reason"), [
    (rules.Letter(BEFORE), True, ""),
    (rules.Letter(BEFORE, anonymous=True), False, "anonymous"),
    (rules.Letter(BEFORE, has_address=False), False, "anonymous"),
    (rules.Letter(BEFORE, repeated=True), False, "repeated"),
    (rules.Letter(BEFORE, repeated=True, new_evidence=True), True, ""),
    (rules.Letter(BEFORE, specific=False), False, "vague"),
    (rules.Letter(AFTER, anonymous=True, specific=False), False, "anonymous"),
])
def test_screening(letter, ok, reason):
    verdict = rules.screen(letter)
    assert (verdict.ok, verdict.reason, verdict.rule.code) == (ok, reason, "K5-screen")


def test_screening_cites_the_procedure_of_the_day():
    assert "22-QĐ/TW" in rules.screen(rules.Letter(BEFORE)).rule.citation
    assert "296-QĐ/TW" in rules.screen(rules.Letter(AFTER)).rule.citation
    # under 296 an anonymous letter with concrete content may still feed a check on signs of violation
    assert "dấu hiệu vi phạm" in rules.screen(rules.Letter(AFTER, anonymous=True)).message
    assert "dấu hiệu vi phạm" not in rules.screen(rules.Letter(BEFORE, anonymous=True)).message


def test_denunciation_deadline_in_working_days_by_level():
    # Monday 6/1/2025: 90 working days = 18 weeks of 5 → Monday 12/5/2025; 180 → Monday 15/9/2025
    local = rules.denunciation_deadline(D(2025, 1, 6), central=False, calendar=WEEKDAYS)
    central = rules.denunciation_deadline(D(2025, 1, 6), central=True, calendar=WEEKDAYS)
    assert (local.due_on, central.due_on) == (D(2025, 5, 12), D(2025, 9, 15))
    assert local.extended_to == D(2025, 6, 23)  # + at most 30 working days, with notice
    assert local.text == "90 ngày làm việc, hạn 12/05/2025" and not local.limit.confirmed
    assert "22-QĐ/TW" in local.rule.citation
    assert "296-QĐ/TW" in rules.denunciation_deadline(AFTER, central=False, calendar=WEEKDAYS).rule.citation
    with pytest.raises(ValueError):
        rules.denunciation_deadline(D(2025, 1, 6), central=False)


def test_denunciation_deadline_skips_holidays():
    tet = WorkCalendar({D(2025, 1, 7): "Nghỉ"})
    assert rules.denunciation_deadline(D(2025, 1, 6), central=False, calendar=tet).due_on == D(2025, 5, 13)


@pytest.mark.parametrize(("received", "last_day", "unit"), [
    (D(2025, 1, 31), D(2025, 2, 28), "months"),   # 22-QĐ/TW, statute 39.7: one month
    (D(2024, 1, 31), D(2024, 2, 29), "months"),
    (D(2025, 5, 29), D(2025, 6, 29), "months"),
    (D(2025, 5, 30), D(2025, 6, 29), "calendar"),  # 296 art. 25.1: 30 days
    (D(2026, 1, 31), D(2026, 3, 2), "calendar"),
])
def test_complaint_filing_limit_across_the_change(received, last_day, unit):
    limit = rules.filing_limit(received)
    assert (limit.due_on, limit.limit.unit) == (last_day, unit)


def test_complaint_admissibility():
    ok = rules.admissible(rules.Complaint(filed_on=D(2025, 2, 28), decision_received_on=D(2025, 1, 31)))
    assert ok.ok and ok.rule.code == "K9-admissible"
    late = rules.admissible(rules.Complaint(filed_on=D(2025, 3, 1), decision_received_on=D(2025, 1, 31)))
    assert (late.ok, late.reason) == (False, "late") and "28/02/2025" in late.message
    late_296 = rules.admissible(rules.Complaint(filed_on=D(2026, 3, 3), decision_received_on=D(2026, 1, 31)))
    assert late_296.reason == "late" and late_296.to_confirm and "296-QĐ/TW" in late_296.rule.citation
    assert rules.admissible(rules.Complaint(filed_on=D(2026, 3, 2), decision_received_on=D(2026, 1, 31))).ok
    no_decision = rules.admissible(rules.Complaint(filed_on=D(2025, 2, 1), decision_received_on=None))
    assert no_decision.reason == "no_decision"
    for flag, reason in [("handled_above", "handled_above"), ("court_sentence", "court"), ("on_behalf", "on_behalf"),
                         ("refused_decision", "refused"), ("moved_away", "moved")]:
        verdict = rules.admissible(rules.Complaint(filed_on=D(2025, 2, 1), decision_received_on=D(2025, 1, 31),
                                                   **{flag: True}))
        assert (verdict.ok, verdict.reason) == (False, reason)


def test_complaint_resolution_deadline():
    assert rules.complaint_deadline(D(2025, 1, 6), central=False, calendar=WEEKDAYS).due_on == D(2025, 5, 12)
    assert rules.complaint_deadline(D(2025, 1, 6), central=True, calendar=WEEKDAYS).due_on == D(2025, 9, 15)
    assert "30-QĐ/TW" in rules.complaint_deadline(D(2020, 1, 6), central=False, calendar=WEEKDAYS).rule.citation


@pytest.mark.parametrize(("violation", "as_of", "expires", "expired"), [
    (rules.Violation(False, "reprimand", D(2015, 3, 1)), D(2020, 3, 1), D(2020, 3, 1), False),
    (rules.Violation(False, "reprimand", D(2015, 3, 1)), D(2020, 3, 2), D(2020, 3, 1), True),
    (rules.Violation(False, "warning", D(2015, 3, 1)), D(2024, 3, 2), D(2025, 3, 1), False),
    (rules.Violation(False, "removal", D(2013, 3, 1)), D(2024, 3, 2), D(2023, 3, 1), True),
    # continuing: from its end
    (rules.Violation(False, "reprimand", D(2012, 1, 1), D(2018, 6, 30)), D(2023, 6, 30), D(2023, 6, 30), False),
    (rules.Violation(False, "expulsion", D(1990, 1, 1)), D(2024, 1, 1), None, False),
    (rules.Violation(True, "warning", D(2010, 1, 1)), D(2024, 1, 1), D(2020, 1, 1), True),
    (rules.Violation(True, "disbandment", D(1990, 1, 1)), D(2024, 1, 1), None, False),
    (rules.Violation(False, "reprimand", D(1990, 1, 1), field="diplomas"), D(2024, 1, 1), None, False),
    (rules.Violation(False, "warning", D(1990, 1, 1), field="political"), D(2024, 1, 1), None, False),
])
def test_limitation_is_a_warning(violation, as_of, expires, expired):
    check = rules.limitation(violation, as_of)
    assert (check.expires_on, check.expired) == (expires, expired)
    assert check.rule.code == "K8"
    if expired:
        assert check.message.startswith("Cảnh báo")


def test_limitation_cites_the_text_in_force_and_refuses_an_impossible_span():
    v = rules.Violation(False, "reprimand", D(2015, 1, 1))
    assert "102-QĐ/TW" in rules.limitation(v, D(2021, 1, 1)).rule.citation
    later = rules.limitation(v, D(2023, 1, 1))
    assert "69-QĐ/TW" in later.rule.citation and later.to_confirm
    with pytest.raises(RuleViolation) as exc:
        rules.limitation(rules.Violation(False, "reprimand", D(2015, 1, 1), D(2014, 1, 1)), D(2020, 1, 1))
    assert exc.value.field == "violation_to"


P = rules.Power


@pytest.mark.parametrize(("power", "ok", "reason", "to_confirm"), [
    (P(BEFORE, False, "warning", Relation.OWN_CELL), True, "", False),
    (P(BEFORE, False, "reprimand", Relation.OWN_CELL, higher_task=True), False, "higher_task", False),
    (P(BEFORE, False, "expulsion", Relation.OWN_CELL), False, "cell_forms", False),
    (P(BEFORE, False, "removal", Relation.OWN_CELL), False, "cell_forms", False),
    (P(BEFORE, False, "warning", Relation.DIRECT_SUPERIOR, higher_task=True), True, "", False),
    (P(BEFORE, False, "expulsion", Relation.DIRECT_SUPERIOR), True, "", True),
    (P(BEFORE, False, "expulsion", Relation.DIRECT_SUPERIOR, cell_committee_member=True), True, "", False),
    (P(D(2025, 7, 1), False, "expulsion", Relation.DIRECT_SUPERIOR, cell_committee_member=True), True, "", True),
    (P(BEFORE, False, "warning", Relation.OTHER), False, "other", False),
    (P(BEFORE, False, "warning", Relation.DIRECT_SUPERIOR, decider_is_section=True), False, "section", False),
    (P(AFTER, False, "warning", Relation.DIRECT_SUPERIOR, decider_is_section=True), False, "section", True),
    (P(BEFORE, True, "warning", Relation.DIRECT_SUPERIOR), True, "", False),
    (P(BEFORE, True, "disbandment", Relation.DIRECT_SUPERIOR), True, "", True),
    (P(BEFORE, True, "warning", Relation.HIGHER), False, "org_superior", False),
    (P(BEFORE, True, "warning", Relation.OWN_CELL), False, "org_superior", False),
])
def test_who_may_discipline_whom(power, ok, reason, to_confirm):
    verdict = rules.competence(power)
    assert (verdict.ok, verdict.reason, verdict.to_confirm) == (ok, reason, to_confirm)
    assert verdict.rule.code == "K7"
    assert ("296-QĐ/TW" if power.on >= AFTER else "22-QĐ/TW") in verdict.rule.citation


def test_require_raises_the_refusal_with_its_rule():
    with pytest.raises(RuleViolation) as exc:
        rules.require(rules.competence(P(BEFORE, False, "expulsion", Relation.OWN_CELL)), field="deciding_org")
    assert (exc.value.code, exc.value.field) == ("K7", "deciding_org")
    assert "khiển trách, cảnh cáo" in exc.value.message


@pytest.mark.parametrize(("form", "yes", "no", "eligible", "ok"), [
    ("reprimand", 5, 4, 9, True),
    ("reprimand", 4, 4, 8, False),  # exactly half is not more than half
    ("removal", 5, 0, 8, True),
    ("expulsion", 6, 3, 9, True),   # exactly two-thirds
    ("expulsion", 5, 3, 8, False),  # 62,5%
    ("disbandment", 3, 2, 5, True),
])
def test_vote_majorities(form, yes, no, eligible, ok):
    verdict = rules.vote(form=form, yes=yes, no=no, eligible=eligible, on=BEFORE)
    assert verdict.ok is ok and verdict.rule.code == "M15"


@pytest.mark.parametrize(("yes", "no", "eligible", "field"), [(5, 5, 9, "votes_for"), (-1, 0, 9, "votes_for"),
                                                              (0, 0, 0, "eligible")])
def test_impossible_votes_are_refused(yes, no, eligible, field):
    with pytest.raises(RuleViolation) as exc:
        rules.vote(form="warning", yes=yes, no=no, eligible=eligible, on=AFTER)
    assert exc.value.field == field and "296-QĐ/TW" in exc.value.citation


def test_overdue_follow_ups():
    items = [rules.FollowUpFact(1, D(2024, 6, 30)), rules.FollowUpFact(2, D(2024, 5, 31)),
             rules.FollowUpFact(3, D(2024, 5, 1), D(2024, 6, 15)), rules.FollowUpFact(4, D(2024, 7, 1))]
    assert rules.overdue(items, D(2024, 7, 1)) == [2, 1]
    assert rules.overdue(items, D(2024, 6, 30)) == [2]


def test_steps_and_workflows():
    rules.check_step("plan", "prepare", D(2024, 3, 5), D(2024, 3, 1))
    with pytest.raises(RuleViolation) as exc:
        rules.check_step("plan", "conduct", D(2024, 3, 5), D(2024, 3, 1))
    assert exc.value.field == "phase"
    with pytest.raises(RuleViolation) as exc:
        rules.check_step("verification", "conduct", D(2024, 2, 5), D(2024, 3, 1))
    assert exc.value.field == "date"
    rules.check_denunciation_move("received", "screened", BEFORE)
    rules.check_denunciation_move("assigned", "withdrawn", BEFORE)
    for current, new in [("received", "resolved"), ("not_handled", "assigned"), ("resolved", "withdrawn")]:
        with pytest.raises(RuleViolation):
            rules.check_denunciation_move(current, new, BEFORE)
    rules.check_proposal_move("voted", "decided", BEFORE)
    with pytest.raises(RuleViolation):
        rules.check_proposal_move("proposed", "decided", BEFORE)
    with pytest.raises(RuleViolation):
        rules.check_proposal_move("rejected", "decided", BEFORE)


def test_add_units():
    assert rules.add_units(D(2024, 1, 31), 1, "months") == D(2024, 2, 29)
    assert rules.add_units(D(2024, 12, 31), 30, "calendar") == D(2025, 1, 30)
    assert rules.add_units(D(2025, 1, 10), 1, "working", WEEKDAYS) == D(2025, 1, 13)


def test_letters_before_a_congress_pass_to_the_new_committee():
    opens = D(2025, 3, 3)  # a Monday: 25 working days before it is Monday 27/1/2025
    assert rules.passes_to_new_committee(D(2025, 1, 27), opens, grassroots=True, calendar=WEEKDAYS)
    assert not rules.passes_to_new_committee(D(2025, 1, 24), opens, grassroots=True, calendar=WEEKDAYS)
    assert rules.passes_to_new_committee(D(2025, 1, 20), opens, grassroots=False, calendar=WEEKDAYS)  # 30 above
    assert not rules.passes_to_new_committee(D(2025, 3, 4), opens, grassroots=True, calendar=WEEKDAYS)
