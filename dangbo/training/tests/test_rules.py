"""T1–T4 without a database."""

import datetime as dt

import pytest

from dangbo.core.exceptions import DomainError
from dangbo.core.rules import RuleViolation
from dangbo.training import rules
from dangbo.training.choices import CourseKind as K
from dangbo.training.choices import Result as R

D = dt.date


def test_llct_raises_theory_only_upwards():
    assert rules.theory_after(K.ELEMENTARY, True, "none") == "so_cap"
    assert rules.theory_after(K.INTERMEDIATE, True, "so_cap") == "trung_cap"
    assert rules.theory_after(K.ELEMENTARY, True, "trung_cap") is None
    assert rules.theory_after(K.ADVANCED, False, "none") is None
    assert rules.theory_after(K.AWARENESS, True, "none") is None


def test_awareness_certificate_is_the_admissions_rule():
    rules.check_certificate(D(2020, 1, 10), D(2025, 1, 10))
    with pytest.raises(RuleViolation):
        rules.check_certificate(D(2020, 1, 10), D(2025, 1, 11))
    assert rules.CERTIFICATE_MONTHS == 60


def test_organiser_dates_results():
    rules.check_organiser(True, "")
    rules.check_organiser(False, "Trường Chính trị tỉnh")
    for has, text in ((True, "Trường"), (False, " ")):
        with pytest.raises(RuleViolation) as exc:
            rules.check_organiser(has, text)
        assert exc.value.field == "institution"
    with pytest.raises(DomainError) as exc:
        rules.check_dates(D(2024, 5, 2), D(2024, 5, 1))
    assert exc.value.field == "ends_on"
    rules.check_result(R.ENROLLED, R.PASSED, D(2024, 5, 1), D(2024, 5, 5), "12")
    with pytest.raises(RuleViolation) as exc:
        rules.check_result(R.ENROLLED, R.PASSED, D(2024, 5, 1), D(2024, 4, 30), "12")
    assert exc.value.field == "certificate_date"
    with pytest.raises(DomainError) as exc:
        rules.check_result(R.ENROLLED, R.FAILED, D(2024, 5, 1), None, "12")
    assert exc.value.field == "certificate_number"
    with pytest.raises(DomainError) as exc:
        rules.check_result(R.ENROLLED, "x", D(2024, 5, 1), None, "")
    assert exc.value.field == "result"


def test_the_002_sentence():
    counts = [rules.KindCount(K.AWARENESS, 10, 700, 690, 700), rules.KindCount(K.NEW_MEMBER, 8, 377, 370, 377),
              rules.KindCount(K.ELEMENTARY, 2, 90, 90, 90)]
    assert rules.report_sentence(counts) == ("18 lớp bồi dưỡng nhận thức về Đảng, bồi dưỡng cho đảng viên mới, "
                                             "với 1.077 học viên")
