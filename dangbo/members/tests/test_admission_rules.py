"""Admission age in months, re-admission by the regulation's own list, citations by the event's date (issue 7,
point 2). Pure rules: no database."""

import datetime as dt

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.members.choices import EventKind as K
from dangbo.members.choices import LeaveReason as L
from dangbo.members.choices import MemberStatus as S
from dangbo.members.rules import (
    M1_AGE,
    M12_READMISSION,
    M14_TRANSFER,
    M15_DISCIPLINE,
    EventFact,
    NeedsApproval,
    check_discipline_form,
    possible_events,
    replay,
    replay_as_decided,
    rule_on,
)

D = dt.date
CELL, CELL2 = 1, 2


def f(kind, day, org=CELL, **kw):
    return EventFact(kind=kind, date=day, org_id=org, org_name=f"Chi bộ {org}", **kw)


def refused(facts, born=None):
    with pytest.raises(RuleViolation) as err:
        replay(facts, date_of_birth=born)
    return err.value


@pytest.mark.parametrize(("day", "regulation", "age_point"), [
    (D(2019, 6, 1), "29-QĐ/TW ngày 25/07/2016", "Mục 1, điểm 1.1"),
    (D(2022, 6, 1), "24-QĐ/TW ngày 30/07/2021", "Mục 1, điểm 1.1"),
    (D(2025, 3, 15), "232-QĐ/TW ngày 20/01/2025", "Mục 1, điểm 1.1"),
    (D(2025, 6, 30), "232-QĐ/TW ngày 20/01/2025", "Mục 1, điểm 1.1"),
    (D(2025, 7, 1), "294-QĐ/TW ngày 26/05/2025", "Mục 1, điểm 1.1.1"),
])
def test_citations_follow_the_event_date(day, regulation, age_point):
    assert regulation in rule_on(M1_AGE, day).citation and age_point in rule_on(M1_AGE, day).citation
    assert regulation in rule_on(M12_READMISSION, day).citation and "điểm 3.5" in rule_on(M12_READMISSION, day).citation
    assert regulation in rule_on(M14_TRANSFER, day).citation and "điểm 6.3" in rule_on(M14_TRANSFER, day).citation
    # A verdict carries the citation of its own date, not today's.
    err = refused([f(K.ADMIT, day)], born=day.replace(year=day.year - 17))
    assert err.code == "M1" and regulation in err.citation


def test_discipline_citation_follows_the_decision_date():
    assert "69-QĐ/TW" not in rule_on(M15_DISCIPLINE, D(2021, 1, 1)).citation
    assert "69-QĐ/TW ngày 06/07/2022, Điều 7" in rule_on(M15_DISCIPLINE, D(2023, 1, 1)).citation
    with pytest.raises(RuleViolation) as err:
        check_discipline_form("probationary", "expulsion", D(2025, 8, 1))
    assert "296-QĐ/TW ngày 30/05/2025, Điều 9" in err.value.citation


def test_age_is_counted_in_full_months_on_the_day_the_cell_considers_the_case():
    born = D(2004, 3, 31)
    err = refused([f(K.ADMIT, D(2022, 3, 30))], born=born)
    assert err.code == "M1" and "17 tuổi 11 tháng" in err.message and "30/03/2022" in err.message
    assert replay([f(K.ADMIT, D(2022, 3, 31))], date_of_birth=born).status == S.PROBATIONARY
    # Admitted at 18, but the cell met a month earlier, when the applicant was 17 years 11 months old.
    late = f(K.ADMIT, D(2022, 4, 15), considered_on=D(2022, 3, 15))
    err = refused([late], born=born)
    assert "15/03/2022" in err.message and "17 tuổi 11 tháng" in err.message


def test_over_60_needs_the_recorded_written_consent_given_before_the_decision():
    born = D(1960, 1, 10)
    admit = f(K.ADMIT, D(2021, 9, 1), considered_on=D(2021, 6, 20))
    err = refused([admit], born=born)
    assert isinstance(err, NeedsApproval) and err.code == "M1"
    assert "61 tuổi 5 tháng" in err.message and "trên 60 tuổi" in err.message and "Ban Thường vụ" in err.message
    # 24-QĐ/TW was in force; its guidance of 28/09/2021 not yet, so the 2016 guidance is cited.
    assert "24-QĐ/TW" in err.citation and "01-HD/TW ngày 20/09/2016" in err.message
    approved = f(K.ADMIT, D(2021, 9, 1), considered_on=D(2021, 6, 20), approvals=(("M1", D(2021, 8, 1)),))
    assert replay([approved], date_of_birth=born).status == S.PROBATIONARY
    after = f(K.ADMIT, D(2021, 9, 1), considered_on=D(2021, 6, 20), approvals=(("M1", D(2021, 9, 15)),))
    assert "phải có trước khi quyết định" in refused([after], born=born).message
    # Exactly 60 years and some days is not "over 60" (counted in months).
    assert replay([f(K.ADMIT, D(2020, 1, 25))], date_of_birth=born).status == S.PROBATIONARY


ADMIT = f(K.ADMIT, D(2010, 5, 19))
RECOG = f(K.RECOGNIZE, D(2011, 5, 25))
CONSENT = (("M12", D(2024, 1, 5)),)


def test_an_expelled_member_may_be_readmitted_under_the_conditions():
    history = [ADMIT, RECOG, f(K.EXPEL, D(2020, 1, 1), leave_reason=L.OTHER)]
    state = replay([*history, f(K.ADMIT, D(2024, 2, 1), approvals=CONSENT)])
    assert state.status == S.PROBATIONARY and state.readmitted
    assert K.ADMIT in possible_events(S.EXPELLED) and K.RESTORE in possible_events(S.EXPELLED)


def test_readmission_refusals_name_the_missing_condition_and_the_figure():
    history = [ADMIT, RECOG, f(K.STRIKE_OFF, D(2022, 1, 1))]
    err = refused([*history, f(K.ADMIT, D(2023, 1, 10), approvals=CONSENT)])
    assert err.code == "M12" and "36 tháng" in err.message and "mới được 12 tháng" in err.message
    assert "01/01/2025" in err.message
    err = refused([*history, f(K.ADMIT, D(2025, 2, 1))])
    assert isinstance(err, NeedsApproval) and "văn bản đồng ý của Ban Thường vụ tỉnh ủy" in err.message


@pytest.mark.parametrize("reason", [L.ABANDONED, L.RESIGNED, L.DISUNITY, L.CORRUPTION, L.SERIOUS_CRIME])
def test_readmission_refused_for_the_reasons_the_regulation_lists(reason):
    history = [ADMIT, RECOG, f(K.DISMISS, D(2015, 1, 1), leave_reason=reason)]
    err = refused([*history, f(K.ADMIT, D(2024, 2, 1), approvals=CONSENT)])
    assert err.code == "M12" and L(reason).label.lower() in err.message


@pytest.mark.parametrize("reason", [L.RESIGNED_FAMILY, L.OTHER, ""])
def test_readmission_not_refused_for_other_reasons(reason):
    history = [ADMIT, RECOG, f(K.DISMISS, D(2015, 1, 1), leave_reason=reason)]
    assert replay([*history, f(K.ADMIT, D(2024, 2, 1), approvals=CONSENT)]).readmitted


def test_readmission_after_a_minor_criminal_record_waits_60_months_from_its_clearing():
    history = [ADMIT, RECOG, f(K.EXPEL, D(2015, 1, 1), leave_reason=L.MINOR_CRIME)]
    assert "ngày được xóa án tích" in refused([*history, f(K.ADMIT, D(2024, 2, 1), approvals=CONSENT)]).message
    early = f(K.ADMIT, D(2024, 2, 1), approvals=CONSENT, record_cleared_on=D(2020, 3, 1))
    err = refused([*history, early])
    assert "60 tháng" in err.message and "mới được 47 tháng" in err.message and "01/03/2025" in err.message
    ok = f(K.ADMIT, D(2025, 3, 1), approvals=(("M12", D(2025, 2, 1)),), record_cleared_on=D(2020, 3, 1))
    assert replay([*history, ok]).readmitted


def test_past_decisions_replay_with_missing_approvals_as_flags():
    state, flags = replay_as_decided([f(K.ADMIT, D(2021, 9, 1))], date_of_birth=D(1955, 1, 1))
    assert state.status == S.PROBATIONARY
    assert [(x.code, "66 tuổi 8 tháng" in x.message) for x in flags] == [("M1", True)]
    with pytest.raises(RuleViolation, match="17 tuổi"):
        replay_as_decided([f(K.ADMIT, D(2021, 9, 1))], date_of_birth=D(2004, 1, 1))
