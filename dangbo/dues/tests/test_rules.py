"""RULES D1, D2, D4 without a database: both regimes, the month of the change, rounding, retirement age, 2028."""

import datetime as dt
from decimal import Decimal

import pytest

from dangbo.core.exceptions import DomainError
from dangbo.dues import parameters as p
from dangbo.dues import rules

D = dt.date


def test_the_regime_is_chosen_by_the_month_the_dues_are_for():
    assert rules.regime_for(D(2026, 1, 31)).code == "342"
    assert rules.regime_for(D(2026, 2, 1)).code == "01"
    assert rules.regime_for(D(2011, 4, 1)).code == "342"
    with pytest.raises(DomainError) as err:
        rules.regime_for(D(2011, 3, 1))
    assert err.value.field == "month"


def test_salary_and_pension_rates_in_both_regimes():
    for month in (D(2026, 1, 1), D(2026, 2, 1)):
        assert rules.monthly_due(month=month, category="salary", basis=12_345_678).amount == 123_457
        assert rules.monthly_due(month=month, category="pension", basis=7_000_001).amount == 35_000
    assert rules.monthly_due(month=D(2026, 2, 1), category="salary").amount is None


def test_rounding_is_half_up_to_the_dong():
    assert rules.round_dong(Decimal("12.5")) == 13
    assert rules.round_dong(Decimal("12.49")) == 12
    assert rules.percent_of(1_250, Decimal(1)) == 13  # 12,5 đ
    assert rules.percent_of(1_150, Decimal("0.5")) == 6  # 5,75 đ


def test_students_and_other_members_change_in_february_2026():
    jan = rules.monthly_due(month=D(2026, 1, 1), category="student")
    feb = rules.monthly_due(month=D(2026, 2, 1), category="student")
    assert (jan.regime, jan.amount) == ("342", p.OTHER_342_DEFAULT)
    assert (feb.regime, feb.amount) == ("01", 5_000)
    assert rules.monthly_due(month=D(2026, 1, 1), category="other", other_342=20_000).amount == 20_000
    assert rules.monthly_due(month=D(2026, 1, 1), category="other", other_342=20_000, past_age=True).amount == 10_000
    feb_other = rules.monthly_due(month=D(2026, 2, 1), category="other", region=1)
    assert feb_other.amount == 15_930  # 0,3% of 5.310.000 (Nghị định 293/2025/NĐ-CP)
    assert rules.monthly_due(month=D(2026, 2, 1), category="other", region=4, past_age=True).amount == 7_400
    with pytest.raises(DomainError) as err:
        rules.monthly_due(month=D(2026, 1, 1), category="other", other_342=40_000)
    assert err.value.field == "other_342"
    assert rules.monthly_due(month=D(2026, 2, 1), category="other").amount is None  # no region


def test_the_2028_step_of_the_minimum_wage_share():
    assert rules.monthly_due(month=D(2027, 12, 1), category="other", region=2).amount == 14_190
    assert rules.monthly_due(month=D(2028, 1, 1), category="other", region=2).amount == 23_650
    assert rules.monthly_due(month=D(2028, 1, 1), category="other", region=2, past_age=True).amount == 14_190


def test_what_is_to_confirm_is_not_guessed():
    assert rules.monthly_due(month=D(2026, 2, 1), category="abroad").amount is None
    assert rules.monthly_due(month=D(2026, 1, 1), category="sick", basis=5_000_000).amount is None
    assert rules.monthly_due(month=D(2026, 2, 1), category="sick", basis=5_000_000).amount == 50_000
    assert rules.monthly_due(month=D(2026, 2, 1), category="stipend", basis=1_000_000).amount is None


def test_retirement_age_rises_by_the_year_it_is_reached():
    assert rules.retirement_day(D(1955, 5, 10), "M") == D(2015, 5, 10)  # 60 before 2021
    assert rules.retirement_day(D(1961, 1, 15), "M") == D(2021, 4, 15)  # 60 and 3 months
    assert rules.retirement_day(D(1961, 10, 1), "M") == D(2022, 4, 1)  # 60 and 6 months
    assert rules.retirement_day(D(1970, 1, 1), "M") == D(2032, 1, 1)  # 62
    assert rules.retirement_day(D(1969, 1, 1), "F") == D(2025, 9, 1)  # 56 and 8 months in 2025
    assert rules.retirement_day(D(1970, 1, 1), "F") == D(2027, 5, 1)  # 57 in 2026 is 2027: 57 and 4 months
    born = D(1964, 12, 1)  # a man reaching 61 y 6 m (the age of 2026) on 01/06/2026
    assert rules.retirement_day(born, "M") == D(2026, 6, 1)
    assert not rules.past_retirement(born, "M", D(2026, 5, 1))
    assert rules.past_retirement(born, "M", D(2026, 6, 1))


def test_exemptions_and_cuts():
    full = rules.monthly_due(month=D(2026, 3, 1), category="salary", basis=10_000_000)
    assert full.amount == 100_000
    cut = rules.monthly_due(month=D(2026, 3, 1), category="salary", basis=10_000_001, relief=("reduce", 70))
    assert (cut.full, cut.amount) == (100_000, 30_000)
    assert rules.monthly_due(month=D(2026, 3, 1), category="other", region=3, relief=("reduce", 30)).amount == 8_694
    exempt = rules.monthly_due(month=D(2026, 3, 1), category="pension", basis=9_000_000, relief=("exempt", None))
    assert exempt.exempt and exempt.amount == 0 and exempt.full == 45_000
    deferred = rules.monthly_due(month=D(2026, 3, 1), category="pension", basis=9_000_000, relief=("defer", None))
    assert deferred.deferred and deferred.amount == 45_000
    senior = rules.monthly_due(month=D(2026, 3, 1), category="pension", basis=9_000_000, seniority_years=50)
    assert senior.exempt and senior.amount == 0
    assert rules.monthly_due(month=D(2026, 1, 1), category="pension", basis=9_000_000,
                             seniority_years=55).amount == 45_000  # 342: no such ground
    assert rules.monthly_due(month=D(2026, 3, 1), category="pension", basis=9_000_000,
                             seniority_years=49).amount == 45_000


@pytest.mark.parametrize("kwargs,field", [
    ({"kind": "reduce", "percent": 40}, "percent"),
    ({"kind": "exempt", "percent": 30}, "percent"),
    ({"kind": "forgive", "percent": None}, "kind"),
    ({"kind": "exempt", "percent": None, "to_month": D(2027, 3, 1)}, "to_month"),
    ({"kind": "exempt", "percent": None, "to_month": D(2025, 12, 1)}, "to_month"),
])
def test_relief_checks(kwargs, field):
    args = {"from_month": D(2026, 3, 1), "to_month": D(2027, 2, 1), **kwargs}
    rules.check_relief(**{**args, "kind": "exempt", "percent": None, "to_month": D(2027, 2, 1)})  # 12 months: ok
    with pytest.raises(DomainError) as err:
        rules.check_relief(**args)
    assert err.value.field == field


def test_shares_kept_and_sent():
    assert rules.split(1_000_001, month=D(2026, 1, 1), org_kind=p.OrgKind.GRASSROOTS_COMMUNE) == (900_001, 100_000)
    assert rules.split(1_000, month=D(2026, 1, 1), org_kind=p.OrgKind.GRASSROOTS_OTHER) == (700, 300)
    assert rules.split(1_000, month=D(2026, 1, 1), org_kind=p.OrgKind.CELL) == (300, 700)
    assert rules.split(1_000, month=D(2026, 1, 1), org_kind=p.OrgKind.CELL, cell_share=Decimal(50)) == (500, 500)
    assert rules.split(333, month=D(2026, 2, 1), org_kind=p.OrgKind.ABOVE_GRASSROOTS) == (167, 166)
    assert not rules.regime_for(D(2026, 2, 1)).shares_confirmed
    with pytest.raises(DomainError) as err:
        rules.split(1_000, month=D(2026, 1, 1), org_kind=p.OrgKind.CELL, cell_share=Decimal(60))
    assert err.value.field == "cell_share"


def test_payments_are_positive_whole_dong_and_may_exceed_the_due():
    rules.check_payment(1_000_000)
    for bad in (0, -5, 1.5, "5000", True):
        with pytest.raises(DomainError) as err:
            rules.check_payment(bad)
        assert err.value.field == "amount"
