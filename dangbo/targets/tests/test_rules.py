import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from dangbo.core.rules import RuleViolation
from dangbo.targets.choices import Comparator, Frequency, TargetStatus
from dangbo.targets.rules import (
    TargetSpec,
    check_spec,
    compare,
    linear_projection,
    parse_reference,
    status,
    task_overdue,
)

D = dt.date
S = TargetStatus


@pytest.mark.parametrize(("text", "number", "kind", "issuer"), [
    ("03-CTr/HU", "03", "CTr", "HU"), ("21-NQ/TW", "21", "NQ", "TW"), ("42-CTr/TU", "42", "CTr", "TU"),
    ("366-QĐ/TW", "366", "QĐ", "TW"), ("43-HD/BTCTW", "43", "HD", "BTCTW"), ("15-QĐ/ĐU", "15", "QĐ", "ĐU"),
    ("03 - BC / HU", "03", "BC", "HU"), ("38-KL/TW", "38", "KL", "TW"),
])
def test_parse_reference(text, number, kind, issuer):
    ref = parse_reference(text)
    assert (ref.number, ref.kind, ref.issuer) == (number, kind, issuer)


@pytest.mark.parametrize("text", ["03/HU", "CTr-03/HU", "03-XYZ/HU", "03-CTr/", "abc"])
def test_bad_reference(text):
    with pytest.raises(RuleViolation) as err:
        parse_reference(text)
    assert err.value.field == "reference" and "số và ký hiệu" in err.value.message.lower()


@pytest.mark.parametrize(("comparator", "low", "high", "value", "expected"), [
    ("gte", 90, None, Decimal("96.5"), S.EXCEEDED), ("gte", 90, None, Decimal(90), S.MET),
    ("gte", 90, None, Decimal("89.9"), S.NOT_MET), ("gt", 80, None, Decimal("80"), S.NOT_MET),
    ("lte", 20, None, Decimal("23.2"), S.NOT_MET), ("lte", 20, None, Decimal("12.6"), S.MET),
    ("between", 3, 4, Decimal("3.5"), S.MET), ("between", 3, 4, Decimal("4.6"), S.EXCEEDED),
    ("between", 3, 4, Decimal("2.9"), S.NOT_MET), ("between", 1800, 2000, Decimal(1850), S.MET),
    ("eq", 100, None, Decimal(100), S.MET),
])
def test_compare(comparator, low, high, value, expected):
    spec = TargetSpec(comparator, Decimal(low), Decimal(high) if high is not None else None)
    assert compare(value, spec) == expected


def test_spec_validation():
    with pytest.raises(RuleViolation):
        check_spec(TargetSpec(Comparator.BETWEEN, Decimal(4), Decimal(3)))
    check_spec(TargetSpec(Comparator.BETWEEN, Decimal(3), Decimal(4)))


def test_status_finished_and_running_periods():
    spec = TargetSpec("gte", Decimal(90))
    assert status(spec=spec, value=None, period_end=D(2024, 12, 31), deadline=D(2024, 12, 31),
                  as_of=D(2025, 1, 5)) == S.NO_DATA
    assert status(spec=spec, value=Decimal(91), period_end=D(2024, 12, 31), deadline=D(2024, 12, 31),
                  as_of=D(2025, 1, 5)) == S.EXCEEDED
    assert status(spec=spec, value=Decimal(85), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2025, 6, 1)) == S.AT_RISK
    assert status(spec=spec, value=Decimal(95), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2025, 6, 1)) == S.ON_TRACK


def test_term_count_projected_by_elapsed_share():
    spec = TargetSpec("between", Decimal(1), Decimal(2), Frequency.TERM)
    # no new cell after 60% of the term: projection 0 < 1 -> at risk
    assert status(spec=spec, value=Decimal(0), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2024, 1, 1), elapsed_share=Decimal("0.6")) == S.AT_RISK
    assert status(spec=spec, value=Decimal(1), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2024, 1, 1), elapsed_share=Decimal("0.6")) == S.ON_TRACK


def test_deadline_rate_projected_by_trend():
    spec = TargetSpec("gte", Decimal(90), frequency=Frequency.BY_DEADLINE)
    rising = [(D(2021, 12, 31), Decimal(70)), (D(2022, 12, 31), Decimal(78)), (D(2023, 12, 31), Decimal(86))]
    assert status(spec=spec, value=Decimal(86), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2024, 3, 1), history=rising) == S.ON_TRACK
    flat = [(D(2021, 12, 31), Decimal(70)), (D(2022, 12, 31), Decimal(71)), (D(2023, 12, 31), Decimal(72))]
    assert status(spec=spec, value=Decimal(72), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2024, 3, 1), history=flat) == S.AT_RISK


def test_linear_projection():
    assert linear_projection([(1, Decimal(1)), (2, Decimal(2))], 4) == Decimal("4.0")
    assert linear_projection([(1, Decimal(1))], 4) is None


def test_task_overdue():
    assert task_overdue(deadline_end=D(2021, 12, 31), done=False, as_of=D(2022, 1, 1))
    assert not task_overdue(deadline_end=D(2021, 12, 31), done=True, as_of=D(2022, 1, 1))
    assert not task_overdue(deadline_end=D(2021, 12, 31), done=False, as_of=D(2021, 12, 31))


def test_a_count_per_term_already_past_its_maximum_is_exceeded_before_the_term_ends():
    """"01 - 02 chi bộ mỗi nhiệm kỳ" with 8 founded: a count only grows, so it is "vượt" now, not a forecast."""
    spec = TargetSpec("between", Decimal(1), Decimal(2), Frequency.TERM)
    assert status(spec=spec, value=Decimal(8), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2023, 7, 20), elapsed_share=Decimal("0.55")) == S.EXCEEDED
    # "không quá 2 vụ mỗi nhiệm kỳ" with 3 already: missed for good
    cap = TargetSpec("lte", Decimal(2), frequency=Frequency.TERM)
    assert status(spec=cap, value=Decimal(3), period_end=D(2025, 12, 31), deadline=D(2025, 12, 31),
                  as_of=D(2023, 7, 20), elapsed_share=Decimal("0.55")) == S.NOT_MET


def test_statuses_compare_exact_values_not_the_rounded_ones():
    """151/3.737 = 4,0406…% is shown 4,0% but is "trên 4%"; 149/3.737 = 3,987…% shows 4,0% and is not."""
    from dangbo.targets.registry import Measure
    from dangbo.targets.rules import exact

    above, below = Measure(151, 3737), Measure(149, 3737)
    assert above.value == below.value == Decimal("4.0")  # what is shown
    assert compare(above.exact, TargetSpec("gt", Decimal(4))) == S.EXCEEDED
    assert compare(below.exact, TargetSpec("gte", Decimal(4))) == S.NOT_MET
    assert exact(151, 3737) == Fraction(15100, 3737) and exact(7, None) == 7 and exact(1, 0) is None
    assert status(spec=TargetSpec("gt", Decimal(4)), value=above.exact, period_end=D(2021, 12, 31),
                  deadline=D(2021, 12, 31), as_of=D(2022, 1, 5)) == S.EXCEEDED


def test_headline_is_the_last_finished_period():
    from dangbo.targets.rules import headline

    assert headline([True, True, False]) == 1  # 2021, 2022 finished, 2023 running: judged on 2022
    assert headline([False]) == 0  # the first year (or a term) still running: its forecast
    assert headline([True, True]) == 1 and headline([]) is None
