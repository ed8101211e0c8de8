"""The lifecycle rules, without a database."""

import calendar
import datetime as dt
import random

import pytest
from dateutil.relativedelta import relativedelta

from dangbo.core.rules import RuleViolation
from dangbo.members.choices import EventKind as K
from dangbo.members.choices import MemberStatus as S
from dangbo.members.rules import (
    EventFact,
    add_months,
    check_cccd,
    check_discipline_form,
    exempt_by,
    months_between,
    replay,
)

D = dt.date
CELL, CELL2, DEAD, BRANCH = 1, 2, 3, 4


def f(kind, day, org=CELL, **kw):
    names = {CELL: "Chi bộ 1", CELL2: "Chi bộ 2", DEAD: "Chi bộ đã giải thể", BRANCH: "Đảng bộ xã"}
    return EventFact(kind=kind, date=day, org_id=org, org_name=names.get(org, ""), org_active=org != DEAD,
                     org_is_cell=org != BRANCH, **kw)


ADMIT = f(K.ADMIT, D(2018, 5, 19))
RECOG = f(K.RECOGNIZE, D(2019, 5, 25))


def test_admission_then_recognition_official_date_is_end_of_probation():
    state = replay([ADMIT, RECOG])
    assert state.status == S.OFFICIAL
    assert state.official_on == D(2019, 5, 19)  # not the vote date (M7)
    assert [(i.is_probationary, i.valid_from, i.valid_to) for i in state.intervals] == [
        (True, D(2018, 5, 19), D(2019, 5, 19)), (False, D(2019, 5, 19), None)]


def test_events_are_replayed_in_date_order_whatever_the_entry_order():
    assert replay([RECOG, ADMIT]).status == S.OFFICIAL


@pytest.mark.parametrize(("facts", "rule", "message"), [
    ([ADMIT, RECOG, f(K.RECOGNIZE, D(2020, 1, 1))], "M-SEQ", "đã là đảng viên chính thức"),
    ([ADMIT, f(K.RECOGNIZE, D(2019, 1, 1))], "M7", "chưa hết 12 tháng dự bị"),
    ([ADMIT, f(K.TRANSFER, D(2017, 1, 1), org=CELL2)], "M-SEQ", "trước ngày kết nạp"),
    ([ADMIT, RECOG, f(K.TRANSFER, D(2020, 1, 1), org=DEAD)], "M14", "đã giải thể"),
    ([ADMIT, RECOG, f(K.TRANSFER, D(2020, 1, 1), org=BRANCH)], "M14", "không phải chi bộ"),
    ([ADMIT, RECOG, f(K.TRANSFER, D(2020, 1, 1), org=CELL)], "M14", "chính chi bộ này"),
    ([ADMIT, RECOG, f(K.TRANSFER_IN, D(2020, 1, 1), org=CELL2)], "M14", "chỉ có một nơi sinh hoạt chính thức"),
    ([ADMIT, f(K.ADMIT, D(2019, 1, 1))], "M-SEQ", "đang là đảng viên"),
    ([f(K.RECOGNIZE, D(2019, 1, 1))], "M-SEQ", "chưa có sự kiện kết nạp"),
    ([ADMIT, f(K.EXPEL, D(2018, 9, 1))], "M15", "dự bị"),
    ([ADMIT, RECOG, f(K.DEATH, D(2021, 1, 1)), f(K.TRANSFER, D(2021, 2, 1), org=CELL2)], "M-SEQ", "từ trần"),
    ([ADMIT, RECOG, f(K.EXEMPT_END, D(2021, 1, 1))], "M-SEQ", "không trong thời gian miễn"),
    ([ADMIT, RECOG, f(K.TEMP_RETURN, D(2021, 1, 1))], "M14", "không có sinh hoạt tạm thời"),
    ([ADMIT, RECOG, f(K.TEMP_TRANSFER, D(2021, 1, 1), org=CELL)], "M14", "phải khác nơi sinh hoạt chính thức"),
    ([ADMIT, RECOG, f(K.STRIKE_OFF, D(2020, 1, 1)), f(K.ADMIT, D(2021, 1, 1))], "M12", "36 tháng"),
    ([ADMIT, RECOG, f(K.EXPEL, D(2020, 1, 1)), f(K.ADMIT, D(2024, 1, 1))], "M12", "văn bản đồng ý"),
])
def test_impossible_sequences_are_refused_with_rule_and_vietnamese_message(facts, rule, message):
    with pytest.raises(RuleViolation) as err:
        replay(facts)
    assert err.value.code == rule
    assert message in err.value.message
    assert err.value.citation


def test_readmission_allowed_once_after_36_months():
    base = [ADMIT, RECOG, f(K.STRIKE_OFF, D(2020, 1, 1))]
    again = f(K.ADMIT, D(2023, 1, 2), approvals=(("M12", D(2022, 12, 1)),))
    state = replay([*base, again])
    assert state.status == S.PROBATIONARY and state.readmitted
    with pytest.raises(RuleViolation, match="một lần"):
        replay([*base, again, f(K.STRIKE_OFF, D(2023, 6, 1)),
                f(K.ADMIT, D(2027, 1, 1), approvals=(("M12", D(2026, 12, 1)),))])


def test_admission_age_under_18_refused():
    with pytest.raises(RuleViolation) as err:
        replay([ADMIT], date_of_birth=D(2000, 6, 1))
    assert err.value.code == "M1"


def test_transfer_moves_registration_and_temporary_registration_is_separate():
    state = replay([ADMIT, RECOG, f(K.TEMP_TRANSFER, D(2020, 3, 1), org=CELL2), f(K.TEMP_RETURN, D(2020, 9, 1)),
                    f(K.TRANSFER, D(2021, 1, 1), org=CELL2)])
    assert state.org_id == CELL2 and state.temp_org_id is None
    kinds = [(i.org_id, i.kind, i.valid_from, i.valid_to) for i in state.intervals if not i.is_probationary]
    assert kinds == [(CELL, "official", D(2019, 5, 19), D(2021, 1, 1)),
                     (CELL2, "temporary", D(2020, 3, 1), D(2020, 9, 1)),
                     (CELL2, "official", D(2021, 1, 1), None)]


def test_exemption_keeps_membership_and_terminal_events_close_everything():
    state = replay([ADMIT, RECOG, f(K.EXEMPT, D(2022, 1, 1))])
    assert state.is_exempt and state.status == S.OFFICIAL
    state = replay([ADMIT, RECOG, f(K.EXEMPT, D(2022, 1, 1)), f(K.DEATH, D(2023, 4, 1))])
    assert state.status == S.DECEASED and state.left_on == D(2023, 4, 1) and not state.is_exempt
    assert all(i.valid_to for i in state.intervals)


def test_transfer_out_and_back_in():
    state = replay([ADMIT, RECOG, f(K.TRANSFER_OUT, D(2021, 1, 1), org=None),
                    f(K.TRANSFER_IN, D(2022, 1, 1), org=CELL2)])
    assert state.status == S.OFFICIAL and state.org_id == CELL2


def test_admitted_outside_the_system_then_transferred_in():
    state = replay([f(K.ADMIT, D(2010, 1, 1), org=None), f(K.RECOGNIZE, D(2011, 1, 1), org=None),
                    f(K.TRANSFER_IN, D(2015, 3, 1), org=CELL)])
    assert state.status == S.OFFICIAL and state.org_id == CELL
    assert [(i.org_id, i.valid_from) for i in state.intervals] == [(CELL, D(2015, 3, 1))]


def test_restore_after_wrongful_strike_off():
    state = replay([ADMIT, RECOG, f(K.STRIKE_OFF, D(2020, 1, 1)), f(K.RESTORE, D(2020, 6, 1), org=CELL2)])
    assert state.status == S.OFFICIAL and state.org_id == CELL2


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2018, 5, 19), 12, D(2019, 5, 19)), (D(2020, 2, 29), 12, D(2021, 2, 28)), (D(2019, 1, 31), 1, D(2019, 2, 28)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_month_arithmetic_agrees_with_dateutil_on_month_ends_leap_days_and_negative_spans():
    """The fast add_months and months_between against relativedelta, their definition: random days and every
    month end of a leap year and a common year, both directions."""
    rng = random.Random(7)
    ends = [D(y, m, calendar.monthrange(y, m)[1]) for y in (2023, 2024) for m in range(1, 13)]
    days = ends + [D(1900, 1, 1) + dt.timedelta(days=rng.randrange(60_000)) for _ in range(400)]
    for _ in range(5000):
        a, b = rng.choice(days), rng.choice(days)
        delta = relativedelta(b, a)
        assert months_between(a, b) == delta.years * 12 + delta.months, (a, b)
        n = rng.randrange(-900, 900)
        assert add_months(a, n) == a + relativedelta(months=n), (a, n)


@pytest.mark.parametrize(("cccd", "gender", "born", "ok"), [
    ("001085012345", "M", D(1985, 1, 1), True),
    ("001185012345", "F", D(1985, 1, 1), True),
    ("079203000001", "M", D(2003, 1, 1), True),
    ("079303000001", "F", D(2003, 1, 1), True),
    ("00108501234", "M", D(1985, 1, 1), False),      # 11 digits
    ("00108501234a", "M", D(1985, 1, 1), False),
    ("003085012345", "M", D(1985, 1, 1), False),     # 003 is no province
    ("001185012345", "M", D(1985, 1, 1), False),     # female digit for a man
    ("001086012345", "M", D(1985, 1, 1), False),     # wrong birth year
])
def test_cccd(cccd, gender, born, ok):
    if ok:
        assert check_cccd(cccd, gender=gender, date_of_birth=born) == cccd
    else:
        with pytest.raises(RuleViolation) as err:
            check_cccd(cccd, gender=gender, date_of_birth=born)
        assert "CCCD" in err.value.message and err.value.field == "cccd"


@pytest.mark.parametrize(("subject", "form", "ok"), [
    ("official", "expulsion", True), ("official", "removal", True), ("probationary", "warning", True),
    ("probationary", "removal", False), ("probationary", "expulsion", False), ("org", "disbandment", True),
    ("org", "removal", False), ("official", "disbandment", False),
])
def test_discipline_forms(subject, form, ok):
    if ok:
        check_discipline_form(subject, form)
    else:
        with pytest.raises(RuleViolation) as err:
            check_discipline_form(subject, form)
        assert err.value.code == "M15"


def test_possible_events_follow_the_state():
    from dangbo.members.rules import possible_events

    assert K.RECOGNIZE in possible_events(S.PROBATIONARY) and K.EXPEL not in possible_events(S.PROBATIONARY)
    assert K.RECOGNIZE not in possible_events(S.OFFICIAL) and K.EXPEL in possible_events(S.OFFICIAL)
    assert K.EXEMPT_END in possible_events(S.OFFICIAL, is_exempt=True)
    assert possible_events(S.DECEASED) == []
    assert possible_events(S.TRANSFERRED_OUT) == [K.TRANSFER_IN]


def test_event_in_an_org_not_yet_founded():
    fact = EventFact(kind=K.ADMIT, date=D(2000, 1, 1), org_id=CELL, org_name="Chi bộ 1", org_active=False,
                     org_not_founded=True)
    with pytest.raises(RuleViolation, match="chưa được thành lập"):
        replay([fact])


def test_the_last_exemption_fact_on_or_before_the_day_decides():
    facts = [(dt.date(2020, 1, 1), "exempt"), (dt.date(2022, 6, 1), "exempt_end"), (dt.date(2024, 3, 1), "exempt")]
    assert not exempt_by(facts, dt.date(2019, 12, 31))
    assert exempt_by(facts, dt.date(2020, 1, 1)) and exempt_by(facts, dt.date(2022, 5, 31))
    assert not exempt_by(facts, dt.date(2022, 6, 1)) and not exempt_by(facts, dt.date(2024, 2, 29))
    assert exempt_by(facts, dt.date(2030, 1, 1))
    assert exempt_by([(d.isoformat(), k) for d, k in facts], "2021-01-01")
    assert not exempt_by([], dt.date(2030, 1, 1))
