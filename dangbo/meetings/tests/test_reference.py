"""The example scoring sheet (RULES.md G3, Bình Thuận scale): 100 points, four must-have criteria, valid."""

from decimal import Decimal

from dangbo.meetings import reference, rules


def _sheet():
    e = reference.EXAMPLE_SHEET
    return rules.Sheet(tuple(reference.example_sheet_criteria()), e["good_from"], e["fair_from"], e["average_from"])


def test_example_sheet_sums_to_100_with_the_four_must_have_criteria():
    criteria = reference.example_sheet_criteria()
    assert sum(c["points"] for c in criteria) == 100
    assert {c["code"] for c in criteria if c["must_full"]} == {"attendance", "duration", "speaking", "minutes"}
    rules.check_sheet(criteria, 90, 70, 50)


def test_example_sheet_levels_follow_the_bình_thuận_scale():
    sheet = _sheet()
    full = {c["code"]: c["points"] for c in sheet.criteria}
    assert rules.score(sheet, full) == (Decimal(100), "good")
    # 95 points but the duration (a must-have) not full: Khá
    assert rules.score(sheet, {**full, "duration": 5})[1] == "fair"
    assert rules.score(sheet, {**full, "content": 0, "preparation": 0})[1] == "fair"  # 70
    assert rules.score(sheet, {**full, "content": 0, "preparation": 0, "resolution": 0, "on_time": 0})[1] == "average"
    assert rules.score(sheet, dict.fromkeys(full, 0))[1] == "poor"
