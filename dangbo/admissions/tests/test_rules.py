"""The admission rules without a database (RULES.md M1–M8), with the working-day calendar across Tết."""

import datetime as dt

import pytest

from dangbo.admissions import rules as r
from dangbo.core.rules import RuleViolation
from dangbo.members import rules as mr
from dangbo.workdays.rules import vietnam

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return vietnam([2024, 2025, 2026, 2027])


def refused(fn, *args, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        fn(*args, **kwargs)
    return caught.value


def test_steps_in_order_name_what_is_missing():
    r.check_order(r.COURSE, set(), D(2025, 3, 1))  # the first steps need nothing before them
    err = refused(r.check_order, r.CELL_VOTE, {r.COURSE, r.APPLICATION}, D(2025, 3, 1))
    assert err.code == "M4" and "Lý lịch" in err.message and "5-KNĐ" in err.message and "1-KNĐ" not in err.message
    assert "12-HD/BTCTW ngày 18/01/2022" in err.citation
    assert "09-HD/BTCTW" in refused(r.check_order, r.CEREMONY, set(), D(2019, 1, 1)).citation
    r.check_order(r.CEREMONY, {r.DECISION}, D(2025, 3, 1))


def test_age_counted_in_months_on_the_day_the_cell_considers():
    err = refused(r.age_notice, D(2007, 5, 10), D(2025, 5, 9))
    assert err.code == "M1" and "17 tuổi 11 tháng" in err.message and "232-QĐ/TW" in err.citation
    assert r.age_notice(D(2007, 5, 10), D(2025, 5, 10)) is None
    assert r.age_notice(D(1965, 7, 1), D(2025, 7, 1)) is None  # exactly 60: no consent needed
    over = r.age_notice(D(1965, 6, 1), D(2025, 7, 2))
    assert over is not None and "60 tuổi 1 tháng" in over.text and "294-QĐ/TW" in over.rule.citation


def test_education_below_lower_secondary_is_a_notice():
    assert r.education_notice("thcs", D(2025, 1, 1)) is None and r.education_notice("thpt", D(2025, 1, 1)) is None
    notice = r.education_notice("tieu_hoc", D(2025, 1, 1))
    assert notice.rule.code == "M2" and "vùng cao" in notice.text


def intro(pk, official_on, since, left_on=None):
    return r.Introducer(pk, f"Người {pk}", official_on, since, left_on)


def test_introducers_official_and_twelve_months_together():
    on = D(2025, 6, 1)
    ok = [intro(1, D(2010, 1, 1), D(2024, 6, 1)), intro(2, D(2020, 1, 1), D(2020, 1, 1))]
    r.check_introducers(r.TWO_MEMBERS, ok, on, has_resolution=False)
    short = refused(r.check_introducers, r.TWO_MEMBERS, [ok[0], intro(2, D(2020, 1, 1), D(2024, 6, 2))], on,
                    has_resolution=False)
    assert "11 tháng" in short.message and "ít nhất 12 tháng" in short.message
    probationary = refused(r.check_introducers, r.TWO_MEMBERS, [ok[0], intro(2, D(2025, 6, 2), D(2020, 1, 1))], on,
                           has_resolution=False)
    assert "dự bị" in probationary.message
    gone = refused(r.check_introducers, r.TWO_MEMBERS, [ok[0], intro(2, D(2000, 1, 1), D(2020, 1, 1), D(2025, 5, 1))],
                   on, has_resolution=False)
    assert "Người 2" in gone.message
    assert "cần đúng 2" in refused(r.check_introducers, r.TWO_MEMBERS, [ok[0], ok[0]], on, has_resolution=False).message
    assert "nghị quyết" in refused(r.check_introducers, r.YOUTH_UNION, ok[:1], on, has_resolution=False).message
    r.check_introducers(r.YOUTH_UNION, ok[:1], on, has_resolution=True)
    assert refused(r.check_introducers, "three", ok, on, has_resolution=True).field == "route"


def test_certificate_valid_sixty_months_and_the_file_twelve():
    r.check_certificate(D(2020, 3, 31), D(2025, 3, 31))
    err = refused(r.check_certificate, D(2020, 3, 31), D(2025, 4, 1))
    assert "hết giá trị ngày 31/03/2025" in err.message and err.field == "course"
    assert "sau ngày chi bộ xét" in refused(r.check_certificate, D(2025, 4, 2), D(2025, 4, 1)).message
    assert r.stale_documents(D(2024, 4, 1), D(2025, 4, 1)) == []
    assert r.stale_documents(D(2024, 4, 1), D(2025, 4, 2)) == [r.INTRODUCTION, r.COMMENTS]


def test_two_thirds_exactly():
    assert r.vote_passes(2, 3) and not r.vote_passes(1, 2) and r.vote_passes(6, 9) and not r.vote_passes(5, 8)
    assert not r.vote_passes(0, 0)
    assert r.check_vote(10, 15, 1, D(2025, 1, 1)) and not r.check_vote(9, 14, 2, D(2025, 1, 1))  # 64,3% < 2/3
    assert "3 lần" in refused(r.check_vote, 10, 15, 4, D(2025, 1, 1)).message
    assert refused(r.check_vote, 16, 15, 1, D(2025, 1, 1)).field == "yes"


def test_deadlines_in_working_days_across_tet(cal):
    # the cell's resolution on Friday 05/12/2025: 60 working days run through Tết 2026 (16–20/02)
    assert r.decision_due(cal, D(2025, 12, 5)) == D(2026, 3, 9)
    assert r.decision_due(cal, D(2025, 12, 5), 30) == D(2026, 4, 20)
    assert refused(r.decision_due, cal, D(2025, 12, 5), 31).field == "extension_days"
    assert r.ceremony_due(cal, D(2026, 1, 30)) == D(2026, 3, 20)
    notice = r.late(r.M5_DECISION, "Quyết định kết nạp", D(2026, 3, 9), None, D(2026, 3, 10))
    assert "đến 10/03/2026 chưa có" in notice.text and "trách nhiệm" in notice.text
    assert r.late(r.M6_CEREMONY, "Lễ kết nạp", D(2026, 3, 20), D(2026, 3, 20), D(2026, 5, 1)) is None
    assert "cấp trên" in r.late(r.M6_CEREMONY, "Lễ kết nạp", D(2026, 3, 20), D(2026, 3, 23), D(2026, 5, 1)).text


def test_probation_and_recognition(cal):
    assert r.probation_end(D(2024, 2, 29)) == D(2025, 2, 28)
    # probation ends Saturday 10/01/2026; 30 working days: 25 to 13/02, Tết week off, 5 more to 27/02
    assert r.recognition_due(cal, D(2025, 1, 10)) == D(2026, 2, 27)
    err = refused(r.check_recognition_vote_date, D(2025, 1, 10), D(2026, 1, 9))
    assert err.code == "M7" and "10/01/2026" in err.message
    r.check_recognition_vote_date(D(2025, 1, 10), D(2026, 1, 10))


def test_seniority_skips_the_years_outside_the_party():
    one = [(D(1975, 2, 3), None)]
    assert mr.seniority_on(one, D(2025, 2, 3)) == (50, 0) and r.badge_reached(one, D(2025, 2, 3)) == (
        50, D(2025, 2, 3))
    assert r.badge_reached(one, D(2025, 2, 2)) == (45, D(2020, 2, 3))
    # struck off 01/01/1990, re-admitted 01/01/1995: five years do not count; transfers leave no gap
    gaps = [(D(1975, 2, 3), D(1985, 6, 1)), (D(1985, 6, 1), D(1990, 1, 1)), (D(1995, 1, 1), None)]
    assert mr.effective_start(gaps, D(2025, 1, 1)) == D(1980, 2, 3)
    assert mr.seniority_on(gaps, D(2025, 2, 3)) == (45, 0)
    assert r.badge_reached(gaps, D(2025, 2, 3)) == (45, D(2025, 2, 3))
    assert mr.seniority_on(gaps, D(1970, 1, 1)) is None and r.badge_reached([(D(2000, 1, 1), None)], D(2025, 1, 1)) \
        is None


def test_seniority_counts_from_the_admission_decision_before_the_ceremony():
    spans = [(D(2020, 3, 2), D(2022, 1, 1)), (D(2023, 1, 1), None)]
    assert mr.counted_spans(spans, D(2020, 2, 10)) == [(D(2020, 2, 10), D(2022, 1, 1)), (D(2023, 1, 1), None)]
    # a decision after the first period is a re-admission's: seniority still counts from the first admission
    assert mr.counted_spans(spans, D(2022, 12, 1)) == spans
    assert mr.counted_spans(spans, None) == spans and mr.counted_spans([], D(2020, 1, 1)) == []
    # 21 days before the ceremony, less the year outside the party: 4 years on 01/03/2025, not 3 years 11 months
    assert mr.seniority_on(mr.counted_spans(spans, D(2020, 2, 10)), D(2025, 3, 1)) == (4, 0)
    assert mr.seniority_on(spans, D(2025, 3, 1)) == (3, 11)


def test_screening_reasons_count_dues_unpaid_without_reason():
    base = {"not_completed_years": [], "year": 2025, "unexcused": 0, "probation_overdue": None, "absence_bar": 3,
            "dues_bar": 3}
    months = [D(2025, 4, 1), D(2024, 11, 1), D(2025, 1, 1)]
    assert r.screening_reasons(**base, unpaid_months=months) == [
        "Không đóng đảng phí 3 tháng không có lý do (tháng 11/2024, 01/2025, 04/2025)."]
    assert r.screening_reasons(**base, unpaid_months=months[:2]) == []
    assert r.screening_reasons(**{**base, "dues_bar": 0}, unpaid_months=[]) == []
