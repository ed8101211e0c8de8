"""The dated parameters of party dues (RULES D1, D2, D4): each value with the day it applies from and its source.
A change of law adds a row; past months keep computing as they were. Values RULES marks *(to confirm)* say so."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal


def dated(table, on: dt.date):
    """The row of ``table`` (ordered by ``valid_from``) in force on ``on``; None before the first."""
    found = None
    for row in table:
        if row.valid_from <= on:
            found = row
    return found


class OrgKind:
    """Rows of the share table (RULES D2)."""

    CELL = "cell"  # chi bộ, đảng bộ bộ phận under a grassroots đảng bộ
    GRASSROOTS_COMMUNE = "grassroots_commune"  # tổ chức cơ sở đảng xã, phường, thị trấn
    GRASSROOTS_OTHER = "grassroots_other"
    ABOVE_GRASSROOTS = "above"
    BLOC_PROVINCE = "bloc_province"  # đảng bộ khối trực thuộc tỉnh ủy
    CENTRAL = "central"  # khối trực thuộc Trung ương, quân đội, công an
    ABROAD_CELL = "abroad_cell"
    ABROAD_COMMITTEE = "abroad_committee"


# RULES D2, 342-QĐ/TW part B: the per cent kept (the rest is sent up). A cell's own figure is in CELL_SHARE_*.
SHARES_342 = {
    OrgKind.CELL: D(30), OrgKind.GRASSROOTS_COMMUNE: D(90), OrgKind.GRASSROOTS_OTHER: D(70),
    OrgKind.ABOVE_GRASSROOTS: D(50), OrgKind.BLOC_PROVINCE: D(50), OrgKind.CENTRAL: D(50),
    OrgKind.ABROAD_CELL: D(30), OrgKind.ABROAD_COMMITTEE: D(50),
}
# 01-QĐ/TW's own allocation was not found (to confirm): provisionally the 342 table, flagged by ``shares_confirmed``.
SHARES_01 = dict(SHARES_342)
CELL_SHARE_RANGE = (D(30), D(50))
CELL_SHARE_DEFAULT = D(30)  # which cells keep 50%: to confirm; a province parameter (seed 001)


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    valid_from: dt.date  # the first month the regime's dues are for
    rates: dict  # BasisCategory value → per cent of the declared basis
    shares: dict
    shares_confirmed: bool
    student_flat: int | None = None
    minimum_wage_share: bool = False
    salary_previous_month: bool = False  # the 1% is of the previous month's BHXH base
    exempt_seniority_years: int | None = None


REGIMES = (
    Regime("342", "Quy định 342-QĐ/TW", dt.date(2011, 4, 1),
           rates={"salary": D(1), "stipend": D(1), "pension": D("0.5")},  # sick leave under 342: to confirm
           shares=SHARES_342, shares_confirmed=True),
    Regime("01", "Quy định 01-QĐ/TW", dt.date(2026, 2, 1),
           rates={"salary": D(1), "sick": D(1), "pension": D("0.5")},  # stipends under 01: to confirm
           shares=SHARES_01, shares_confirmed=False, student_flat=5_000, minimum_wage_share=True,
           salary_previous_month=True, exempt_seniority_years=50),
)

# 342-QĐ/TW: other members pay a figure the province fixes in this range; past working age half of it.
OTHER_342_RANGE = (2_000, 30_000)
OTHER_342_DEFAULT = 5_000  # placeholder until the province's figure is recorded (to confirm)
PAST_WORKING_AGE_342 = D(50)


@dataclass(frozen=True)
class WageShare:
    valid_from: dt.date
    working_age: Decimal  # per cent of the regional minimum wage, below retirement age
    past_age: Decimal  # at or past retirement age


# 01-QĐ/TW art. 3, 2.2
OTHER_SHARE_01 = (
    WageShare(dt.date(2026, 2, 1), D("0.3"), D("0.2")),
    WageShare(dt.date(2028, 1, 1), D("0.5"), D("0.3")),
)


@dataclass(frozen=True)
class MinimumWage:
    valid_from: dt.date
    source: str
    by_region: dict = field(default_factory=dict)  # region 1–4 → đồng a month


MINIMUM_WAGE = (
    MinimumWage(dt.date(2024, 7, 1), "Nghị định 74/2024/NĐ-CP",
                {1: 4_960_000, 2: 4_410_000, 3: 3_860_000, 4: 3_450_000}),
    MinimumWage(dt.date(2026, 1, 1), "Nghị định 293/2025/NĐ-CP",
                {1: 5_310_000, 2: 4_730_000, 3: 4_140_000, 4: 3_700_000}),
)

# RULES D4 (01-QĐ/TW art. 5)
REDUCTION_PERCENTS = (30, 50, 70)
RELIEF_MAX_MONTHS = 12
# RULES D3: months unpaid in a year, without a good reason, after which the cell considers striking off
ARREARS_MONTHS = 3


@dataclass(frozen=True)
class RetirementSchedule:
    """Normal retirement age by the year it is reached (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020/NĐ-CP)."""

    base_years: int
    start_year: int  # first year of the rise
    step_months: int
    final_months: int

    def months_in(self, year: int) -> int:
        base = self.base_years * 12
        if year < self.start_year:
            return base
        return min(base + self.step_months * (year - self.start_year + 1), self.final_months)


RETIREMENT_MALE = RetirementSchedule(60, 2021, 3, 62 * 12)
RETIREMENT_FEMALE = RetirementSchedule(55, 2021, 4, 60 * 12)
