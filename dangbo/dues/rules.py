"""Party dues as pure rules (RULES D1, D2, D4): the regime of the month the dues are for, the member's monthly
amount in whole đồng, reliefs, and the share each level keeps. Every rate, flat amount and share is a dated
parameter in ``parameters.py``; what RULES marks *(to confirm)* answers ``None`` with the reason, never a guess."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from dangbo.core.exceptions import DomainError
from dangbo.core.numbers import format_int
from dangbo.dues import parameters as p
from dangbo.dues.choices import BasisCategory, ReliefKind

HUNDRED = Decimal(100)


def round_dong(value: Decimal) -> int:
    """RULES D1: amounts are whole đồng; the rounding rule is *(to confirm)* — half up to the đồng, chosen here
    and applied in this one place only."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(amount: int, rate: Decimal) -> int:
    """``rate`` per cent of ``amount`` đồng, rounded once (``round_dong``)."""
    return round_dong(Decimal(amount) * rate / HUNDRED)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``month``'s (before it when negative)."""
    return month_start(month) + relativedelta(months=n)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many months from ``first`` to ``last``, both counted (01/2026–12/2026: 12)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def regime_for(month: dt.date) -> p.Regime:
    """RULES D (Dues): the regime is chosen by the month the dues are for — 342-QĐ/TW up to 01/2026, 01-QĐ/TW
    from 02/2026 (in force 01/02/2026)."""
    found = p.dated(p.REGIMES, month_start(month))
    if found is None:
        raise DomainError(f"Chưa có quy định đảng phí cho tháng {month:%m/%Y}.", field="month")
    return found


def retirement_day(date_of_birth: dt.date, gender: str) -> dt.date:
    """The day a member reaches the normal retirement age (Bộ luật Lao động 2019 art. 169, Nghị định 135/2020/NĐ-CP
    Phụ lục I): 60 (men) / 55 (women) before 2021, then up 3 months a year for men to 62 and 4 months a year for
    women to 60; the age of the year in which it is reached applies."""
    schedule = p.RETIREMENT_MALE if gender == "M" else p.RETIREMENT_FEMALE
    year = date_of_birth.year + schedule.base_years
    while True:
        months = schedule.months_in(year)
        day = date_of_birth + relativedelta(months=months)  # 31st → the month's last day, 29/02 → 28/02
        if day.year <= year:
            return day
        year += 1


def past_retirement(date_of_birth: dt.date, gender: str, month: dt.date) -> bool:
    """At or past retirement age for the dues of ``month``: reached on or before its first day (the boundary
    month is *(to confirm)*; one place to change it)."""
    return retirement_day(date_of_birth, gender) <= month_start(month)


@dataclass(frozen=True)
class Due:
    """A member's dues for one month: ``full`` before reliefs, ``amount`` after (``None``: not computable under
    the rules as known, ``why`` says what is missing)."""

    month: dt.date
    regime: str
    full: int | None
    amount: int | None
    exempt: bool = False
    deferred: bool = False
    why: str = ""


def base_amount(*, month: dt.date, category: str, basis: int | None, region: int | None,
                past_age: bool, other_342: int | None = None) -> tuple[int | None, str]:
    """RULES D1: the monthly amount before reliefs, by the regime of ``month``. ``basis``: the declared amount in
    đồng (salary base, benefit, stipend, pension); ``region``: the minimum-wage region of the member's
    registration; ``past_age``: at or past retirement age (``past_retirement``); ``other_342``: the figure the
    province fixed in the 342 range (default ``parameters.OTHER_342_DEFAULT``)."""
    regime = regime_for(month)
    if category in (BasisCategory.SALARY, BasisCategory.SICK_LEAVE, BasisCategory.STIPEND, BasisCategory.PENSION):
        rate = regime.rates.get(category)
        if rate is None:
            return None, f"{regime.name}: mức đóng của đối tượng này chưa được xác định (cần xác nhận)."
        if basis is None or basis < 0:
            return None, "Chưa kê khai số tiền làm căn cứ đóng đảng phí."
        return percent_of(basis, rate), f"{regime.name}: {_pct(rate)} của {format_int(basis)} đ"
    if category == BasisCategory.STUDENT and regime.student_flat is not None:
        return regime.student_flat, f"{regime.name}: học sinh, sinh viên {format_int(regime.student_flat)} đ"
    if category in (BasisCategory.STUDENT, BasisCategory.OTHER):
        if regime.minimum_wage_share:
            return _wage_share(month, region, past_age, regime)
        fixed = p.OTHER_342_DEFAULT if other_342 is None else other_342
        low, high = p.OTHER_342_RANGE
        if not low <= fixed <= high:
            raise DomainError(f"Mức đóng do tỉnh quy định phải từ {format_int(low)} đến {format_int(high)} đ.",
                              field="other_342")
        if past_age:
            why = f"{regime.name}: 50% của {format_int(fixed)} đ (ngoài độ tuổi lao động)"
            return percent_of(fixed, p.PAST_WORKING_AGE_342), why
        return fixed, f"{regime.name}: {format_int(fixed)} đ (mức tỉnh quy định)"
    return None, f"{regime.name}: mức đóng của đảng viên ở ngoài nước chưa được xác định (cần xác nhận)."


def _wage_share(month: dt.date, region: int | None, past_age: bool, regime: p.Regime) -> tuple[int | None, str]:
    """01-QĐ/TW art. 3, 2.2: a share of the monthly regional minimum wage of the member's region — below
    retirement age 0,3% (0,5% from 01/01/2028), at or past it 0,2% (then 0,3%)."""
    if region not in (1, 2, 3, 4):
        return None, "Chưa kê khai vùng lương tối thiểu nơi đảng viên sinh hoạt."
    wages = p.dated(p.MINIMUM_WAGE, month)
    share = p.dated(p.OTHER_SHARE_01, month)
    rate = share.past_age if past_age else share.working_age
    wage = wages.by_region[region]
    return percent_of(wage, rate), (f"{regime.name}: {_pct(rate)} lương tối thiểu vùng {region} "
                                    f"({format_int(wage)} đ, {wages.source})")


def _pct(rate: Decimal) -> str:
    return f"{rate.normalize():f}%".replace(".", ",")


def monthly_due(*, month: dt.date, category: str, basis: int | None = None, region: int | None = None,
                past_age: bool = False, seniority_years: int | None = None, relief: tuple[str, int | None] | None = None,
                other_342: int | None = None) -> Due:
    """RULES D1 then D4: the base amount, then — under 01-QĐ/TW art. 5 — exempt at 50 years of seniority or more;
    a granted relief in force that month: exempt (0), a cut of 30/50/70% (the reduced amount, rounded once), or a
    deferral (the amount stays due, paid late or in advance)."""
    month = month_start(month)
    regime = regime_for(month)
    full, why = base_amount(month=month, category=category, basis=basis, region=region, past_age=past_age,
                            other_342=other_342)
    if regime.exempt_seniority_years and seniority_years is not None \
            and seniority_years >= regime.exempt_seniority_years:
        return Due(month, regime.code, full, 0, exempt=True,
                   why=f"{regime.name} điều 5: miễn đóng (tuổi Đảng từ {regime.exempt_seniority_years} năm)")
    if relief is None:
        return Due(month, regime.code, full, full, why=why)
    kind, percent = relief
    if kind == ReliefKind.EXEMPT:
        return Due(month, regime.code, full, 0, exempt=True, why="Miễn đóng theo quyết định")
    if kind == ReliefKind.REDUCE:
        amount = None if full is None else round_dong(Decimal(full) * (HUNDRED - percent) / HUNDRED)
        return Due(month, regime.code, full, amount, why=f"{why}; giảm {percent}% theo quyết định")
    return Due(month, regime.code, full, full, deferred=True, why=f"{why}; được chậm đóng, đóng trước")


def check_relief(*, kind: str, percent: int | None, from_month: dt.date, to_month: dt.date) -> None:
    """RULES D4 (01-QĐ/TW art. 5): a relief is an exemption, a cut of 30, 50 or 70%, or a deferral; each grant
    covers at most 12 months."""
    if kind not in ReliefKind.values:
        raise DomainError(f"Hình thức “{kind}” không hợp lệ.", field="kind")
    if kind == ReliefKind.REDUCE and percent not in p.REDUCTION_PERCENTS:
        raise DomainError("Mức giảm đảng phí phải là 30%, 50% hoặc 70%.", field="percent")
    if kind != ReliefKind.REDUCE and percent:
        raise DomainError("Chỉ ghi mức giảm khi giảm đảng phí.", field="percent")
    if to_month < from_month:
        raise DomainError("Đến tháng phải sau hoặc bằng từ tháng.", field="to_month")
    if months_between(from_month, to_month) > p.RELIEF_MAX_MONTHS:
        raise DomainError(f"Mỗi lần miễn, giảm, chậm đóng tối đa {p.RELIEF_MAX_MONTHS} tháng.", field="to_month")


def check_payment(amount) -> None:
    """RULES D1: a payment is a positive whole number of đồng; a member may pay more than the amount due."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise DomainError("Số tiền đóng phải là số đồng nguyên dương.", field="amount")


def split(collected: int, *, month: dt.date, org_kind: str, cell_share: Decimal | None = None) -> tuple[int, int]:
    """RULES D2: what a level keeps and sends up of ``collected`` đồng, by the share table of the month's regime
    and the kind of org (``parameters.OrgKind``). A cell under a grassroots đảng bộ keeps 30–50% (the province's
    figure, ``cell_share``; default ``parameters.CELL_SHARE_DEFAULT``). Kept is rounded once and sent is the rest,
    so kept + sent = collected."""
    regime = regime_for(month)
    table = regime.shares
    if org_kind not in table:
        raise DomainError(f"Loại tổ chức “{org_kind}” không có trong bảng trích để lại.", field="org_kind")
    kept_pct = table[org_kind]
    if org_kind == p.OrgKind.CELL:
        low, high = p.CELL_SHARE_RANGE
        kept_pct = p.CELL_SHARE_DEFAULT if cell_share is None else Decimal(cell_share)
        if not low <= kept_pct <= high:
            raise DomainError(f"Chi bộ trích giữ lại từ {low}% đến {high}%.", field="cell_share")
    kept = percent_of(collected, kept_pct)
    return kept, collected - kept


def arrears_to_consider(months_without_reason: int) -> bool:
    """RULES D3 (01-QĐ/TW art. 2; statute art. 8): not paying for 3 months in a year without a good reason — the
    cell considers and proposes striking off (``parameters.ARREARS_MONTHS``)."""
    return months_without_reason >= p.ARREARS_MONTHS
