"""What every inspection rule shares: the codes, the citation in force on a day, the verdict, the arithmetic of
time limits. The regulation of inspection, denunciations, complaints and discipline (RULES.md K5, K7–K9, M15), as pure
functions: plain values in, a verdict naming its rule and citation out. The procedure changed on 30/05/2025
(22-QĐ/TW → 296-QĐ/TW): each verdict cites the text in force on the date of its step, and the time limits come
from the dated rows of ``parameters``. Working days are counted on a ``WorkCalendar`` the caller passes."""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from dangbo.core.rules import Rule, RuleViolation
from dangbo.inspection import parameters as p

K5_SCREEN = "K5-screen"
K5_DEADLINE = "K5-deadline"
K7_POWER = "K7"
K8_LIMITATION = "K8"
K9_ADMISSIBLE = "K9-admissible"
K9_DEADLINE = "K9-deadline"
M15_VOTE = "M15"
K4_FOLLOW_UP = "K4-follow-up"
K1_BODIES = "K1"

ARTICLES = {  # code → (22-QĐ/TW, 296-QĐ/TW); 296 article numbers from secondary material (to confirm)
    K5_SCREEN: ("Điều 20", "Điều 19"),
    K5_DEADLINE: ("Điều 20", "Điều 19–20"),
    K7_POWER: ("Điều 11", "Điều 10–11"),
    K9_ADMISSIBLE: ("Điều 22", "Điều 23, 25.1"),
    K9_DEADLINE: ("Điều 22", "Điều 23"),
    K4_FOLLOW_UP: ("Điều 7–9", "Điều 3–7"),
    K1_BODIES: ("Điều 3–7", "Điều 5"),
}


def rule(code: str, on: dt.date) -> Rule:
    """The rule ``code`` with the procedure in force on ``on``."""
    if code == M15_VOTE:
        return Rule(code, "Điều lệ Đảng, Điều 35; Quy định 69-QĐ/TW, Điều 7" + (
            "; Quy định 296-QĐ/TW, Điều 9" if on >= p.DAY_296 else ""))
    if code == K8_LIMITATION:
        return Rule(code, p.limit_on(p.LIMITATIONS, on).source)
    old, new = ARTICLES[code]
    if on >= p.DAY_296:
        return Rule(code, f"{p.REG_296}, {new}")
    if on >= p.DAY_22:
        return Rule(code, f"{p.REG_22}, {old}")
    return Rule(code, f"{p.REG_30} (trước Quy định 22-QĐ/TW; điều khoản cần đối chiếu)")


@dataclass(frozen=True)
class Verdict:
    """``ok`` or not, the rule that says so, a Vietnamese message; ``reason`` a choices value when refused;
    ``to_confirm`` when the value rests on a parameter RULES.md marks *(to confirm)*."""

    ok: bool
    rule: Rule
    message: str
    reason: str = ""
    to_confirm: bool = False


def add_units(start: dt.date, n: int, unit: str, calendar=None) -> dt.date:
    """The last day of a time limit of ``n`` units from ``start`` (the day of the event does not count)."""
    if unit == p.MONTHS:
        return start + relativedelta(months=n)
    if unit == p.CALENDAR_DAYS:
        return start + dt.timedelta(days=n)
    if calendar is None:
        raise ValueError("Thời hạn tính bằng ngày làm việc cần lịch ngày làm việc.")
    return calendar.add(start, n)


UNIT_NAMES = {p.MONTHS: "tháng", p.CALENDAR_DAYS: "ngày", p.WORKING_DAYS: "ngày làm việc"}


def require(verdict: Verdict, *, field: str | None = None) -> Verdict:
    """The verdict, or RuleViolation with its rule and message when it refuses."""
    if not verdict.ok:
        raise RuleViolation(verdict.rule, verdict.message, field=field)
    return verdict
